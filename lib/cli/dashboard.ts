/** `wgan-gp dashboard [runs/]`: the live dashboard of the runs in a folder, until Ctrl-C. */
import type { Command } from 'commander';
import { isLoopback, startDashboard, type Dashboard } from '../dashboard/server.js';
import { nonNegativeInt } from './parse.js';

interface DashboardFlags {
  port?: number;
  host?: string;
}

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description('serve a live web dashboard of the runs in a folder: curves, sample grids, configuration, progress')
    .argument('[dir]', 'the folder of runs (or one run folder)', 'runs')
    .option('--port <n>', 'the port (default: 6080, or any free port when that is taken; 0: any free port)', nonNegativeInt)
    .option('--host <host>', 'the address to listen on (default 127.0.0.1: this machine only)')
    .addHelpText('after', '\nExample:\n  wgan-gp dashboard runs/ --port 6080\n  wgan-gp train --preset toy-8gaussians-fast --out runs/toy --dashboard')
    .action(runDashboard);
}

async function runDashboard(dir: string, flags: DashboardFlags): Promise<void> {
  const dashboard = await startDashboard({ dir, port: flags.port, host: flags.host });
  announce(dashboard);
  await new Promise<void>((done) => {
    const stop = () => void dashboard.close().then(done);
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
}

/** What the terminal says when a dashboard starts (also for train --dashboard). */
export function announce(d: Pick<Dashboard, 'url' | 'host' | 'root' | 'runs'>, log = (m: string) => console.error(m)): void {
  log(`dashboard: ${d.url}  (${d.runs} run${d.runs === 1 ? '' : 's'} in ${d.root}; Ctrl-C to stop)`);
  if (d.runs === 0) log(`dashboard: no runs in ${d.root} yet; runs written there (wgan-gp train --out ${d.root}/NAME) appear by themselves`);
  if (!isLoopback(d.host))
    log(`dashboard: warning: listening on ${d.host}, so other machines can reach it; it has no password and shows every run in ${d.root}`);
}
