/**
 * The dashboard's JSON API and run files (read-only):
 *   GET /api/runs                         the runs under the root, with summaries
 *   GET /api/runs/NAME                    summary and resolved configuration (config.json)
 *   GET /api/runs/NAME/metrics?epoch&seq  downsampled metrics rows changed since (epoch, seq)
 *   GET /api/runs/NAME/samples            the sample grids, oldest first
 *   GET /files/NAME/samples|plots/F.png   one picture of the run
 *   GET /api/events?run=A&run=B           server-sent events: runs, metrics, samples, config, removed
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { isRunName, runDir, runNames, summarize } from './run-list.js';
import type { RunChange, RunWatcher } from './watcher.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const HEARTBEAT_MS = 15_000;
const PICTURE = /^[\w.-]+\.png$/;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export class Api {
  constructor(
    private readonly root: string,
    private readonly shownRoot: string,
    private readonly watcher: RunWatcher,
  ) {}

  /** Handles /api/... and /files/...; false when the path is neither. */
  async handle(segments: string[], url: URL, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const [area, ...rest] = segments;
    if (area === 'files') {
      await this.file(rest, res);
      return true;
    }
    if (area !== 'api') return false;
    const [what, name, sub, ...more] = rest;
    if (what === 'events' && !name) this.events(url.searchParams.getAll('run'), req, res);
    else if (what === 'runs' && !name) sendJson(res, 200, await this.runs());
    else if (what === 'runs' && !sub) sendJson(res, 200, await this.run(name));
    else if (what === 'runs' && sub === 'metrics' && !more.length) sendJson(res, 200, await this.metrics(name, url));
    else if (what === 'runs' && sub === 'samples' && !more.length) sendJson(res, 200, await this.samples(name));
    else throw new HttpError(404, `no such API path: /${segments.join('/')}`);
    return true;
  }

  private async dir(name: string): Promise<string> {
    const dir = await runDir(this.root, name);
    if (!dir) throw new HttpError(isRunName(name) ? 404 : 403, `no run '${name}' in ${this.shownRoot}`);
    return dir;
  }

  private async runs() {
    let names: string[];
    try {
      names = await runNames(this.root);
    } catch (error) {
      return { root: this.shownRoot, runs: [], problem: `cannot list ${this.shownRoot}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
    const runs = await Promise.all(names.map((n) => summarize(this.root, n).catch(() => null)));
    return { root: this.shownRoot, runs: runs.filter((r) => r !== null) };
  }

  private async run(name: string) {
    const dir = await this.dir(name);
    const summary = await summarize(this.root, name);
    let config: unknown = null;
    try {
      config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    } catch {
      // summary.configProblem says why
    }
    return { summary, config };
  }

  private async metrics(name: string, url: URL) {
    const dir = await this.dir(name);
    const reader = this.watcher.reader(name, dir);
    await reader.update();
    const int = (key: string) => {
      const v = Number(url.searchParams.get(key) ?? 0);
      return Number.isSafeInteger(v) ? v : 0;
    };
    return {
      ...reader.buckets.rowsSince(int('epoch'), int('seq')),
      lines: reader.lines,
      corrupt: reader.corrupt,
      problems: reader.problems,
      partial: reader.partial,
      last: reader.last,
    };
  }

  private async samples(name: string) {
    const dir = await this.dir(name);
    const files = (await readdir(join(dir, 'samples')).catch(() => [] as string[])).filter((f) => /^iter-\d+\.png$/.test(f)).sort();
    return { samples: files.map((file) => ({ file, iteration: Number(/\d+/.exec(file)![0]) })) };
  }

  private async file([name, folder, file, ...more]: string[], res: ServerResponse) {
    if (!name || !['samples', 'plots'].includes(folder) || !file || !PICTURE.test(file) || more.length)
      throw new HttpError(404, 'only the pictures in a run\'s samples/ and plots/ are served');
    const dir = await this.dir(name);
    // a symlink in the run folder must not lead out of it
    const path = await realpath(join(dir, folder, file)).catch(() => {
      throw new HttpError(404, `${name}/${folder}/${file} does not exist`);
    });
    if (!path.startsWith(dir + sep)) throw new HttpError(403, `refused: ${name}/${folder}/${file} leads outside the run folder`);
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(path);
      stream.on('open', () => {
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-cache' });
        stream.pipe(res);
      });
      stream.on('error', (error) => reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? new HttpError(404, `${name}/${folder}/${file} does not exist`) : error));
      stream.on('end', resolve);
    });
  }

  /** Server-sent events for the runs a page shows (and the list of runs); ends when the page goes. */
  private events(names: string[], req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    const wanted = new Set(names.filter(isRunName));
    const onChange = (c: RunChange) => {
      if (c.kind === 'runs' || wanted.has(c.run)) res.write(`event: ${c.kind}\ndata: ${JSON.stringify(c)}\n\n`);
    };
    this.watcher.on('change', onChange);
    const unwatch = this.watcher.watch([...wanted]);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      this.watcher.off('change', onChange);
      unwatch();
    });
  }
}
