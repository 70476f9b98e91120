/**
 * The dashboard of `wgan-gp train --dashboard`, on a worker thread: the training loop's event loop
 * never runs the server's work. Posts { url, host, root, runs } once listening, or { error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WganGpError } from '../errors.js';
import { startDashboard, type DashboardOptions } from './server.js';

try {
  const d = await startDashboard({ ...(workerData as Omit<DashboardOptions, 'log'>), log: (message) => parentPort!.postMessage({ log: message }) });
  parentPort!.postMessage({ url: d.url, host: d.host, root: d.root, runs: d.runs });
} catch (error) {
  parentPort!.postMessage({ error: { code: error instanceof WganGpError ? error.code : 'ERR_DASHBOARD', message: (error as Error).message } });
}
