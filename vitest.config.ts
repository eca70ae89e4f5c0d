import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Statistical and differential tests do real work; two cores are all CI has.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
