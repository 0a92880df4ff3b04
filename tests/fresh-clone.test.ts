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

  it("decides every dependency's install script in package.json, so npm ci ends without a warning", () => {
    // npm 11 skips dependency install scripts unless package.json allows them, and ends `npm ci`
    // with a warning listing each one it skipped. esbuild's postinstall only checks its binary,
    // which comes in its platform package: denied, and said so, instead of a warning to a new user.
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([where]) => where.replace(/^.*node_modules\//, ''));
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => !(name in (pkg.allowScripts ?? {})))).toEqual([]);
  });

  it('keeps its own copy of the JUnit schema, licence header intact', () => {
    const xsd = fs.readFileSync(path.join(ROOT, 'tests/fixtures/schemas/junit-ant.xsd'), 'utf8');
    expect(xsd).toContain('Apache License Version 2.0');
    expect(xsd).toContain('Copyright © 2011, Windy Road Technology');
  });
});
