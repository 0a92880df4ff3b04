#!/usr/bin/env node
// Nothing else runs here: the CLI lives in dist/cli.js (built from src/cli.ts).
import('../dist/cli.js').then((cli) => cli.runMain(process.argv.slice(2)));
