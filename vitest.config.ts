import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The renderer's logic (reading numbers and lengths, formatting, form values) is tested here too, without a browser: its screens are the E2E specs' part.
    include: ['shared/**/*.test.ts', 'cli/**/*.test.ts', 'backend/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'test/e2e/**'],
    environment: 'node',
    pool: 'threads',
  },
});
