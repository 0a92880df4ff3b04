// `npm test` must pass in a fresh clone with nothing beside it: no test, script or source may
// read files from outside the project (the shared folder the project grew up next to is not there).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const OUTSIDE = ['..', 'shared'].join('/');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.(ts|mts|cts|js|mjs|cjs|json|sh)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('a fresh clone', () => {
  it('has no test, script or source that reads the shared folder beside the project', () => {
    const roots = ['src', 'tests', 'scripts', 'bench', 'bin'].map((d) => path.join(ROOT, d)).filter((d) => fs.existsSync(d));
    const readers = [...roots.flatMap(files), path.join(ROOT, 'package.json'), path.join(ROOT, 'vitest.config.ts')]
      .filter((f) => fs.existsSync(f) && fs.readFileSync(f, 'utf8').includes(OUTSIDE))
      .map((f) => path.relative(ROOT, f));
    expect(readers).toEqual([]);
  });

  it('keeps its own copy of the JUnit schema, licence header intact', () => {
    const xsd = fs.readFileSync(path.join(ROOT, 'tests/fixtures/schemas/junit-ant.xsd'), 'utf8');
    expect(xsd).toContain('Apache License Version 2.0');
    expect(xsd).toContain('Copyright © 2011, Windy Road Technology');
  });
});
