#!/usr/bin/env node
/** The `wgan-gp` command: train, sample, eval, info, bench, dashboard, dataset, export, serve. Errors print their code and message, no stack. */
import { Command, CommanderError } from 'commander';
import { abortJob, activeSession } from '../distributed/session.js';
import { WganGpError } from '../errors.js';
import { VERSION } from '../version.js';
import { registerBench } from './bench.js';
import { registerDashboard } from './dashboard.js';
import { registerDataset } from './dataset.js';
import { registerEval } from './eval.js';
import { registerExport } from './export.js';
import { registerInfo } from './info.js';
import { registerSample } from './sample.js';
import { registerServe } from './serve.js';
import { registerTrain } from './train.js';

const program = new Command('wgan-gp')
  .description('Wasserstein GANs with gradient penalty on a native C++ core')
  .version(VERSION)
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();
registerTrain(program);
registerSample(program);
registerEval(program);
registerInfo(program);
registerBench(program);
registerDashboard(program);
registerDataset(program);
registerExport(program);
registerServe(program);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof WganGpError) console.error(`wgan-gp: ${error.code}: ${error.message}`);
  else console.error(`wgan-gp: unexpected error: ${(error as Error)?.stack ?? error}`);
  // One rank of several: end the whole job, so that no other rank waits for this one (after a moment in
  // which the others can print their own errors, when they failed too).
  if ((activeSession()?.size ?? 1) > 1) {
    setTimeout(() => {
      abortJob(1);
      process.exit(1);
    }, 300);
  } else {
    process.exit(1);
  }
}
