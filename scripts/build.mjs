// Bundles the CLI into dist/ with esbuild. Each command is its own chunk (code splitting), so
// `recall --version` loads only cli.js and never pays for commander, yaml, conf, inquirer or ts-fsrs.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const options = (topHelp) => ({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: !process.env.NO_MINIFY, // NO_MINIFY=1 npm run build: readable names for --cpu-prof
  sourcemap: false,
  logLevel: 'warning',
  define: {
    RECALL_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
    RECALL_TOP_HELP: topHelp === undefined ? 'undefined' : JSON.stringify(topHelp),
  },
  // conf is loaded with require() only when a checkpoint is written (src/adapters/checkpoint.ts).
  external: ['conf'],
  // Some CommonJS dependencies call require() on node built-ins; give the ESM bundle a require.
  banner: { js: "import { createRequire as __recallCreateRequire } from 'node:module'; const require = __recallCreateRequire(import.meta.url);" },
});

rmSync('dist', { recursive: true, force: true });
await build(options(undefined));
// The top-level help, as commander prints it, becomes a constant: `recall --help` then needs no
// commander at all. tests/cli/help.test.ts checks the two stay identical.
const topHelp = execFileSync(process.execPath, ['bin/recall.js', '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '80' } });
rmSync('dist', { recursive: true, force: true });
await build(options(topHelp));
