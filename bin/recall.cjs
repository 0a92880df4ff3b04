#!/usr/bin/env node
// Nothing else runs here: dist/boot.cjs (built from src/boot.ts) starts the CLI.
require('../dist/boot.cjs');
