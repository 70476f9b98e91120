/** A static server for a web export (sirv): only the files inside the folder when it starts, on
 *  127.0.0.1 unless told otherwise. */
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import sirv from 'sirv';
import { InvalidArgumentError } from '../errors.js';

export interface ServeOptions {
  /** default 8080; 0 picks a free port */
  port?: number;
  /** default 127.0.0.1 (this machine only) */
  host?: string;
}

export interface FolderServer {
  url: string;
  close(): Promise<void>;
}

export async function serveFolder(folder: string, options: ServeOptions = {}): Promise<FolderServer> {
  const root = resolve(folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new InvalidArgumentError(`folder: ${folder} is not a folder (expected a web export: wgan-gp export --format web)`);
  if (!existsSync(resolve(root, 'index.html'))) throw new InvalidArgumentError(`folder: ${folder} has no index.html (expected a web export: wgan-gp export --format web)`);
  // dev: false lists the folder's files once, so nothing outside it (or added later) can be served
  const files = sirv(root, { dev: false, etag: true, dotfiles: false });
  const server = createServer((req, res) =>
    files(req, res, () => {
      res.statusCode = 404;
      res.end('not found\n');
    }),
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new InvalidArgumentError(`port ${options.port ?? 8080} on ${host} is in use (choose another with --port)`) : error),
    );
    server.listen(options.port ?? 8080, host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
