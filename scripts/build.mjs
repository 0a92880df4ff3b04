// Builds the CLI into dist/ with esbuild, as two CommonJS files (see src/boot.ts for why CommonJS):
//   dist/cli.cjs   src/cli.ts and everything it imports, in one file. Commands are still imported
//                  lazily (esbuild keeps each dynamic import() as a deferred module initialiser),
//                  so `recall deck lint` never runs the code of inquirer, ts-fsrs or the store.
//   dist/boot.cjs  src/boot.ts: --version and the top-level --help as constants, else loads
//                  dist/cli.cjs through a V8 code cache named after RECALL_BUILD_ID. cli.cjs is
//                  written inside the CommonJS wrapper, for boot to compile as it is (see below).
//   dist/lint-worker.cjs  lints a big deck in a worker thread with a capped heap.
// chalk and proper-lockfile stay in node_modules: the source require()s them only when needed
// (src/adapters/style.ts, store-fs.ts).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: !process.env.NO_MINIFY, // NO_MINIFY=1 npm run build: readable names for --cpu-prof
  sourcemap: false,
  logLevel: 'warning',
  // The FSRS optimizer is an optional native addon that only `recall optimize` loads, at run time
  // (src/adapters/fsrs-binding.ts): never bundled, so no other command carries or needs it.
  external: ['@open-spaced-repetition/*'],
  // The sources are ES modules; in the CommonJS bundle their import.meta.url is the bundle's own.
  define: { 'import.meta.url': '__recallUrl' },
  banner: { js: "const __recallUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

// commander requires node:child_process at load (~5 ms: it pulls in net and streams) only to spawn
// executable subcommands, which recall does not have. Its copy is loaded on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// `import fs from 'node:fs'` in a CommonJS bundle becomes `__toESM(require('node:fs'))` in every
// module that writes it: a fresh object with one getter per export of the built-in (~100 for fs),
// made again for each of the ~80 such imports in src. A copy of fs took ~15 page faults and ~0.5 ms
// here, and ~40 copies were made before interactive study's first card. So these built-ins resolve
// to one module each that gives the built-in itself as its default (what `require` returns, where
// each importer got a copy of getters over it) and re-exports its names once, for any named or
// namespace import: one copy per bundle instead of one per importing module.
const BUILTIN_DEFAULTS = /^node:(fs|path|os|vm)$/;
const builtinDefaults = {
  name: 'builtin-defaults',
  setup(b) {
    // The module's own require() and re-export are of the built-in itself.
    b.onResolve({ filter: BUILTIN_DEFAULTS }, (args) =>
      args.namespace === 'builtin-default' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin-default' },
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-default' }, (args) => {
      const name = JSON.stringify(args.path);
      return { contents: `const builtin = require(${name});\nexport default builtin;\nexport * from ${name};\n`, loader: 'js' };
    });
  },
};
common.plugins = [builtinDefaults];

const boot = (topHelp, buildId) =>
  build({
    ...common,
    entryPoints: ['src/boot.ts'],
    outfile: 'dist/boot.cjs',
    define: {
      RECALL_VERSION: JSON.stringify(version),
      RECALL_TOP_HELP: topHelp === undefined ? 'undefined' : JSON.stringify(topHelp),
      RECALL_BUILD_ID: JSON.stringify(buildId),
    },
    banner: {},
  });

rmSync('dist', { recursive: true, force: true });
await build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.cjs', plugins: [builtinDefaults, lazyChildProcess] });
// boot.cjs compiles dist/cli.cjs itself, through its code cache (src/code-cache.ts), reading it as
// latin1: the file holds the bundle already inside the wrapper Node's CommonJS loader puts around
// a module, and must be ASCII only (esbuild escapes what is not, with charset 'ascii', its default).
const bundle = readFileSync('dist/cli.cjs');
const wide = bundle.findIndex((b) => b > 0x7f);
if (wide >= 0) throw new Error(`dist/cli.cjs has a non-ASCII byte at ${wide}: boot reads it as latin1`);
writeFileSync('dist/cli.cjs', `(function (exports, require, module, __filename, __dirname) {${bundle.toString('latin1')}\n})`, 'latin1');
// Big decks are linted in a worker thread (src/adapters/lint-pool.ts), which runs this file.
await build({ ...common, entryPoints: ['src/adapters/lint-worker.ts'], outfile: 'dist/lint-worker.cjs' });
// A cached compilation is only valid for the exact bundle it was made from.
const buildId = createHash('sha256').update(readFileSync('dist/cli.cjs')).digest('hex').slice(0, 16);
await boot(undefined, buildId);
// The top-level help, as commander prints it, becomes a constant: `recall --help` then needs no
// commander at all. tests/cli/help.test.ts checks the two stay identical. The run gets a scratch
// RECALL_HOME so the build leaves nothing in the user's cache folder.
const home = mkdtempSync(path.join(os.tmpdir(), 'recall-build-'));
try {
  const topHelp = execFileSync(process.execPath, ['bin/recall.cjs', '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '80', RECALL_HOME: home } });
  await boot(topHelp, buildId);
} finally {
  rmSync(home, { recursive: true, force: true });
}
