/**
 * No import cycle in lib/: every module of the library, type-only imports included (a cycle of types
 * still ties the modules together). dpdm resolves the imports as TypeScript does.
 */
import { join } from 'node:path';
import { parseCircular, parseDependencyTree, shortenTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');

describe('imports', () => {
  it('lib/ has no import cycle', async () => {
    const tree = await parseDependencyTree('lib/**/*.ts', { context: repo, cwd: repo, tsconfig: join(repo, 'tsconfig.json'), transform: false });
    const files = Object.keys(tree).filter((f) => f.startsWith('lib/'));
    expect(files.length).toBeGreaterThan(40); // the glob found the library, not nothing
    expect(parseCircular(shortenTree(repo, tree)).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
