// Bundles the CLI into dist/ with esbuild. Each command is its own chunk (code splitting), so
// `recall --version` loads only cli.js and never pays for yaml, conf, inquirer or ts-fsrs.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
  // conf is loaded with require() only when a checkpoint is written (src/adapters/checkpoint.ts).
  external: ['conf'],
  // Some CommonJS dependencies call require() on node built-ins; give the ESM bundle a require.
  banner: { js: "import { createRequire as __recallCreateRequire } from 'node:module'; const require = __recallCreateRequire(import.meta.url);" },
});
