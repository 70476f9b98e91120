/**
 * startDashboard(): a local web server (node:http) for watching and comparing runs. It only reads
 * the run folders, so a run never waits for it. Bound to 127.0.0.1 unless `host` says otherwise;
 * nothing outside the served folder is served (lib/dashboard/request-path.ts, run-list.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { InvalidArgumentError } from '../errors.js';
import { Api, HttpError, sendJson } from './api.js';
import { asset } from './assets.js';
import { pathSegments } from './request-path.js';
import { isRunFolder, runNames } from './run-list.js';
import { RunWatcher } from './watcher.js';

/** The port tried when none is given; when it is taken, any free port is used instead. */
export const DEFAULT_PORT = 6080;
export const LOOPBACK = '127.0.0.1';

export const dashboardOptionsSchema = z.strictObject({
  /** the folder of runs (a run folder itself: its parent is served and the run selected) */
  dir: z.string().min(1),
  host: z.string().min(1).optional(),
  /** 0: any free port; not given: DEFAULT_PORT, or any free port when that one is taken */
  port: z.number().int().min(0).max(65535).optional(),
  /** where messages go (corrupt metrics lines, watch problems); default: stderr */
  log: z.custom<(message: string) => void>((v) => typeof v === 'function').optional(),
});
export type DashboardOptions = z.input<typeof dashboardOptionsSchema>;

export interface Dashboard {
  /** e.g. http://127.0.0.1:6080/ (with ?run=NAME when a run folder was given) */
  url: string;
  host: string;
  port: number;
  /** the folder served */
  root: string;
  /** runs found at start */
  runs: number;
  close(): Promise<void>;
}

export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const parsed = dashboardOptionsSchema.safeParse(options);
  if (!parsed.success)
    throw new InvalidArgumentError(`invalid dashboard options: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')}`);
  const { dir, host = LOOPBACK, port, log = (m: string) => process.stderr.write(m + '\n') } = parsed.data;
  const given = resolve(dir);
  if (!existsSync(given)) throw new InvalidArgumentError(`dashboard: the folder '${dir}' does not exist (give the folder that holds your runs, e.g. runs/)`);
  if (!statSync(given).isDirectory()) throw new InvalidArgumentError(`dashboard: '${dir}' is not a folder (give the folder that holds your runs, e.g. runs/)`);
  const selected = (await isRunFolder(given)) ? basename(given) : null;
  const root = selected ? dirname(given) : given;
  const watcher = new RunWatcher(root, log);
  const api = new Api(root, selected ? dirname(dir) || '.' : dir, watcher);

  const server = createServer((req, res) => {
    handle(req, res, api).catch((error) => fail(res, error, log));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const bound = await listen(server, host, port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${bound}/` + (selected ? `?run=${encodeURIComponent(selected)}` : ''),
    host,
    port: bound,
    root,
    runs: (await runNames(root)).length,
    close: async () => {
      watcher.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, api: Api): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'the dashboard only reads (GET)');
  const segments = pathSegments(req.url ?? '/');
  if (!segments) throw new HttpError(403, 'refused: the path leaves the served folder');
  const url = new URL(req.url ?? '/', 'http://dashboard');
  if (await api.handle(segments, url, req, res)) return;
  const found = await asset(segments);
  if (!found) throw new HttpError(404, `not found: /${segments.join('/')}`);
  res.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-cache' });
  res.end(found.body);
}

function fail(res: ServerResponse, error: unknown, log: (m: string) => void): void {
  const status = error instanceof HttpError ? error.status : 500;
  if (status === 500) log(`dashboard: ${(error as Error)?.message ?? error}`);
  if (res.headersSent) res.destroy();
  else sendJson(res, status, { error: (error as Error)?.message ?? String(error) });
}

/** Listens; a taken port is an error when it was asked for, else any free port is used. */
async function listen(server: ReturnType<typeof createServer>, host: string, port: number | undefined): Promise<number> {
  const attempt = (p: number) =>
    new Promise<number>((done, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(error);
      server.once('error', onError);
      server.listen(p, host, () => {
        server.off('error', onError);
        done((server.address() as { port: number }).port);
      });
    });
  try {
    return await attempt(port ?? DEFAULT_PORT);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && port === undefined) return attempt(0);
    if (code === 'EADDRINUSE') throw new InvalidArgumentError(`--port ${port}: the port is in use on ${host}; choose another, or --port 0 for any free one`);
    if (code === 'EACCES') throw new InvalidArgumentError(`--port ${port}: not allowed to listen on it (ports below 1024 need root); choose another`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InvalidArgumentError(`--host ${host}: not an address of this machine`);
    throw error;
  }
}
