import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** The unit tests of one mutation target (stryker.config.mjs sets MUTATION_TESTS, MUTATION_EXCLUDE, and MUTATION_TEST_NAMES where only some of a file's tests cover it), not the whole suite. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: (process.env.MUTATION_TESTS ?? '').split(',').filter(Boolean),
    exclude: [...(base.test?.exclude ?? []), ...(process.env.MUTATION_EXCLUDE ?? '').split(',').filter(Boolean)],
    // Two cores shared with Stryker's own processes: a slow start is not a failure.
    testTimeout: 60_000,
    ...(process.env.MUTATION_TEST_NAMES ? { testNamePattern: new RegExp(process.env.MUTATION_TEST_NAMES) } : {}),
  },
});
