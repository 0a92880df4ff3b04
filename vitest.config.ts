import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests never touch the real home: every test that needs a store makes its own RECALL_HOME.
    env: { RECALL_HOME: '/nonexistent-recall-home-set-by-each-test', NO_COLOR: '1' },
  },
});
