/** `wgan-gp info`: version, platform, the binary (origin, target, CPU features), backend, threads, BLAS, CUDA status, and the MPI and NCCL libraries found. */
import type { Command } from 'commander';
import { launchedRank } from '../distributed/launcher.js';
import { native, nativeBinary } from '../native.js';
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
    avx512Gemm: info.avx512Gemm,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    binary: { ...nativeBinary(), ...info.target, backends: info.cuda.compiled ? ['cpu', 'cuda'] : ['cpu'] },
    cuda: info.cuda,
    distributed: { ...native().distributedInfo(), launchedAs: launchedRank() },
  };
}

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the version, platform, native binary, backend, threads, BLAS in use, CUDA status and the MPI/NCCL libraries found')
    .option('--json', 'print one JSON object')
    .action((flags: { json?: boolean }) => {
      const info = systemInfo();
      if (flags.json) return console.log(JSON.stringify(info));
      const b = info.binary;
      console.log(`wgan-gp ${info.version} (${info.platform}, Node ${info.node})`);
      console.log(`binary:  ${b.origin} for ${process.platform}-${b.arch}, ${b.backends.length > 1 ? 'CPU and CUDA backends' : 'CPU backend only'} (${b.path})`);
      console.log(`  CPU features: ${b.cpuFeatures.length ? b.cpuFeatures.join(', ') : `none beyond the ${b.arch} baseline`}`);
      console.log(`backend: ${info.backend}`);
      console.log(`threads: ${info.threads} of ${info.hardwareThreads}`);
      console.log(`BLAS:    ${info.blas}`);
      const gemm = process.env.WGAN_GP_GEMM;
      const own = gemm === 'blas' ? 'OpenBLAS (WGAN_GP_GEMM=blas)' : info.avx512Gemm ? 'the AVX-512 kernel' : 'OpenBLAS (no AVX-512)';
      console.log(`  the products of the Winograd, 1×1 and blocked convolutions: ${own}`);
      const { mpi, nccl, launchedAs } = info.distributed;
      console.log(`MPI:     ${mpi.loaded ? `${mpi.version || 'version unknown'} (${mpi.abi} ABI, ${mpi.path})` : mpi.error}`);
      console.log(`NCCL:    ${nccl.loaded ? `${nccl.version} (${nccl.path})` : nccl.error}`);
      if (launchedAs) console.log(`  this process: rank ${launchedAs.rank} of ${launchedAs.size} (${launchedAs.launcher} launcher)`);
      const c = info.cuda;
      console.log(`CUDA:    ${c.compiled ? 'compiled in' : 'not compiled in'}; ${c.available ? 'available' : `unavailable: ${c.reason}`}`);
      if (!c.compiled) return;
      const version = (v: number) => (v ? `${Math.floor(v / 1000)}.${(v % 1000) / 10}` : 'none');
      console.log(`  driver: ${version(c.driverVersion)}, runtime: ${version(c.runtimeVersion)}`);
      for (const g of c.gpus) console.log(`  GPU: ${g.name} (compute ${g.computeCapability}, ${g.memoryMB} MB)`);
      for (const [name, lib] of [['cuDNN', c.cudnn], ['cuBLAS', c.cublas]] as const)
        console.log(`  ${name}: ${lib.loaded ? `${lib.version} (${lib.path})` : lib.error}`);
      const conv = process.env.WGAN_GP_CONV;
      console.log(`  convolutions: ${conv && conv !== 'auto' ? `im2col + GEMM (WGAN_GP_CONV=${conv})` : c.convolutions}`);
    });
}
