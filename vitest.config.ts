import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // global.gc() for the tests that check deadlines survive full garbage collections (nodejs/node#57736).
    execArgv: ['--expose-gc'],
  },
});
