/**
 * The package as npm packs it, built in a copy of the repository's package files: node-gyp (under
 * prebuildify) deletes the build/ folder it runs in. Shared by test/package.test.ts and test/arm64-qemu.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..', '..');

export const sh = (cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });

/** work/pkg: a copy of the package with the repository's node_modules, where `npm run <script>` makes its prebuilds. */
export function buildPrebuilds(work: string, script: string): string {
  const pkg = join(work, 'pkg');
  mkdirSync(pkg);
  for (const entry of ['package.json', 'binding.gyp', 'CMakeLists.txt', 'README.md', 'LICENSE', 'native', 'dist', 'bench'])
    cpSync(join(repo, entry), join(pkg, entry), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'));
  sh(pkg, 'npm', ['run', script]);
  rmSync(join(pkg, 'build'), { recursive: true, force: true });
  return pkg;
}

/** `npm pack` of that copy: the tarball's path. */
export const pack = (pkg: string) => join(pkg, sh(pkg, 'npm', ['pack', '--ignore-scripts', '--silent']).trim().split('\n').at(-1)!);
