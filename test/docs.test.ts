/** The design the code cites lives in the repository: docs/design.md keeps its section numbers, and no
 *  file of the library, its tools or its documents cites a file outside the repository. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs|cjs|js|py|sh|md)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('documents', () => {
  it('docs/design.md has the sections the code cites, §2 the tangent pass', () => {
    const design = readFileSync(join(repo, 'docs', 'design.md'), 'utf8');
    const sections = [...design.matchAll(/^## (\d+)\. (.*)$/gm)].map((m) => `${m[1]}. ${m[2]}`);
    expect(sections).toEqual(['1. The layers of the system', '2. The gradient penalty as a tangent pass', '3. Checking it', '4. Layers as units, and composite blocks']);
  });

  it('cites no file outside the repository (lib, bench, scripts, test, docs, README, BENCHMARKS)', () => {
    const checked = [...['lib', 'bench', 'scripts', 'test', 'docs'].flatMap((d) => files(join(repo, d))), join(repo, 'README.md'), join(repo, 'BENCHMARKS.md')]
      .filter((f) => !f.endsWith('docs.test.ts') && !f.includes(`${join('bench', 'tfjs-peer.js')}`));
    expect(checked.length).toBeGreaterThan(50);
    const outside = /\.\.\/shared|BENCH_SPEC|DESIGN\.md/;
    expect(checked.filter((f) => outside.test(readFileSync(f, 'utf8'))).map((f) => relative(repo, f))).toEqual([]);
  });
});
