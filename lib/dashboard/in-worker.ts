/** Starts the dashboard on a worker thread (lib/dashboard/worker.ts) and waits until it listens. */
import { Worker } from 'node:worker_threads';
import { WganGpError } from '../errors.js';
import type { DashboardOptions } from './server.js';

export interface WorkerDashboard {
  url: string;
  host: string;
  root: string;
  runs: number;
  stop(): Promise<void>;
}

export function startDashboardWorker(options: Omit<DashboardOptions, 'log'>, log: (message: string) => void): Promise<WorkerDashboard> {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: options });
  worker.unref(); // the train command ends when training ends
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: { log?: string; url?: string; host?: string; root?: string; runs?: number; error?: { code: string; message: string } }) => {
      if (m.log) log(m.log);
      else if (m.error) reject(new WganGpError(m.error.code, m.error.message));
      else resolve({ url: m.url!, host: m.host!, root: m.root!, runs: m.runs!, stop: () => worker.terminate().then(() => undefined) });
    });
  });
}
