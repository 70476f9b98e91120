/** `wgan-gp serve`: serve a web export on this machine until Ctrl-C. */
import type { Command } from 'commander';
import { serveFolder } from '../export/serve.js';
import { nonNegativeInt } from './parse.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve a folder written by export --format web (127.0.0.1 only, unless --host says otherwise)')
    .argument('<folder>', 'the web export folder')
    .option('--port <n>', 'the port (0: any free one)', nonNegativeInt, 8080)
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .action(async (folder: string, flags: { port: number; host: string }) => {
      const server = await serveFolder(folder, flags);
      console.log(`serving ${folder} at ${server.url} (Ctrl-C to stop)`);
      await new Promise<void>((done) => process.once('SIGINT', done));
      await server.close();
    });
}
