// Bundles the CLI into dist/ with esbuild. Each command is its own chunk (code splitting), so
// `recall --version` loads only cli.js and never pays for yaml, conf, inquirer or ts-fsrs.
import { build } from 'esbuild';

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
  // Some CommonJS dependencies call require() on node built-ins; give the ESM bundle a require.
  banner: { js: "import { createRequire as __recallCreateRequire } from 'node:module'; const require = __recallCreateRequire(import.meta.url);" },
});
