/** exportGenerator(): a checkpoint's generator as an ONNX model or as a web page that samples in the browser. */
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { displayRange } from '../datasets/index.js';
import { InvalidArgumentError } from '../errors.js';
import { resolveCheckpoint } from '../eval/evaluate.js';
import { loadCheckpointModels } from '../sample.js';
import { describeIssues } from '../zod-issues.js';
import { generatorGraph } from './graph.js';
import { generatorToOnnx } from './onnx/write.js';
import { classNames, writeWebExport } from './web/write.js';

export const EXPORT_FORMATS = ['onnx', 'web'] as const;

const exportOptionsSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    /** the .onnx file, or the folder of a web export */
    out: z.string().min(1),
    /** web: float16 weights (half the download) */
    half: z.boolean().optional(),
    /** which checkpoint tensors hold the generator (default: lib/sample.ts's GENERATOR_TENSORS) */
    generatorTensors: z.string().min(1).optional(),
    /** false: export the trained weights even where the checkpoint has an EMA (default: the EMA) */
    ema: z.boolean().optional(),
  })
  .strict()
  .refine((o) => !o.half || o.format === 'web', { message: 'half applies to format web only (an ONNX model keeps float32 weights)', path: ['half'] });

export type ExportOptions = z.input<typeof exportOptionsSchema>;

export interface ExportResult {
  checkpoint: string;
  iteration: number;
  format: (typeof EXPORT_FORMATS)[number];
  out: string;
  /** files written: the model file, or the web folder's entries */
  files: string[];
}

/** Exports the generator of a checkpoint (or of a run folder's newest checkpoint). */
export async function exportGenerator(path: string, options: ExportOptions): Promise<ExportResult> {
  const parsed = exportOptionsSchema.safeParse(options);
  if (!parsed.success) throw new InvalidArgumentError(`invalid export options: ${describeIssues(parsed.error)}`);
  const o = parsed.data;
  const checkpoint = resolveCheckpoint(path);
  const models = loadCheckpointModels(checkpoint, o);
  try {
    const { config, iteration } = models.checkpoint;
    const graph = generatorGraph(models.generator);
    const title = `${config.preset ?? config.dataset} generator, iteration ${iteration}`;
    if (o.format === 'onnx') {
      if (existsSync(o.out) && statSync(o.out).isDirectory()) throw new InvalidArgumentError(`out: ${o.out} is a folder; an ONNX export is one file (e.g. g.onnx)`);
      const classes: Record<string, string> = graph.labelClasses ? { classes: JSON.stringify(classNames(graph.labelClasses, config.classes?.names)) } : {};
      const bytes = generatorToOnnx(graph, { title, dataset: config.dataset, iteration: String(iteration), range: JSON.stringify(displayRange(config)), ...classes });
      await mkdir(dirname(o.out), { recursive: true });
      await writeFile(o.out, bytes);
      return { checkpoint, iteration, format: o.format, out: o.out, files: [o.out] };
    }
    if (existsSync(o.out) && !statSync(o.out).isDirectory()) throw new InvalidArgumentError(`out: ${o.out} is a file; a web export is a folder`);
    const files = await writeWebExport(graph, o.out, {
      title,
      dataset: config.dataset,
      iteration,
      range: displayRange(config),
      half: o.half ?? false,
      classNames: config.classes?.names,
    });
    return { checkpoint, iteration, format: o.format, out: o.out, files };
  } finally {
    models.dispose();
  }
}
