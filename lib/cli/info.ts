/** `wgan-gp info`: version, backend, threads, BLAS and CUDA status. */
import type { Command } from 'commander';
import { runtimeInfo } from '../runtime.js';
import { VERSION } from '../version.js';

export function systemInfo() {
  const info = runtimeInfo();
  return {
    version: VERSION,
    backend: info.cuda.available ? 'cuda' : 'cpu',
    threads: info.threads,
    hardwareThreads: info.hardwareThreads,
    blas: info.blas,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cuda: info.cuda,
  };
}

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the version, backend, threads, BLAS in use and CUDA status')
    .option('--json', 'print one JSON object')
    .action((flags: { json?: boolean }) => {
      const info = systemInfo();
      if (flags.json) return console.log(JSON.stringify(info));
      console.log(`wgan-gp ${info.version} (${info.platform}, Node ${info.node})`);
      console.log(`backend: ${info.backend}`);
      console.log(`threads: ${info.threads} of ${info.hardwareThreads}`);
      console.log(`BLAS:    ${info.blas}`);
      const { compiled, available, reason, ...details } = info.cuda;
      console.log(`CUDA:    ${available ? 'available' : `unavailable: ${reason}`} (compiled: ${compiled ? 'yes' : 'no'})`);
      for (const [k, v] of Object.entries(details)) console.log(`  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
    });
}
