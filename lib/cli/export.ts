/** `wgan-gp export`: a checkpoint's generator as an ONNX model or a web page that samples in the browser. */
import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, exportGenerator } from '../export/index.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description("write a checkpoint's generator as an ONNX model (input z [N, zDim], output [N, ...sample shape]) or as a web page")
    .argument('<path>', 'a checkpoint file, or a run folder (its newest checkpoint)')
    .addOption(new Option('--format <format>', 'onnx: one .onnx file (opset 17); web: a folder for any static server (see wgan-gp serve)').choices(EXPORT_FORMATS).makeOptionMandatory())
    .requiredOption('--out <path>', 'the .onnx file, or the folder of a web export')
    .option('--half', 'web: float16 weights (half the download)')
    .option('--no-ema', "export the trained weights, not the checkpoint's EMA generator (the default where it has one)")
    .action(async (path: string, flags: { format: 'onnx' | 'web'; out: string; half?: boolean; ema: boolean }) => {
      const result = await exportGenerator(path, flags);
      console.error(`exported ${result.checkpoint} (iteration ${result.iteration}) as ${result.format} to ${result.out}`);
      if (result.format === 'web') console.error(`view it with: wgan-gp serve ${result.out}`);
    });
}
