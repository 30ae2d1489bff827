import { defineConfig } from '@playwright/test';

/**
 * E2E specs run against two targets with one fixture (test/e2e/fixtures.ts):
 * the browser mode in Debian's Chromium, and the Electron app wherever an
 * Electron binary exists (skipped with a printed reason where it does not).
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 30_000,
  // Two workers on two cores: the suite in about half the time of one.
  workers: 2,
  // On CI a spec that fails once is run again and reported as flaky, so a loaded machine's slow moment is told from a bug.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  projects: [
    { name: 'browser', metadata: { target: 'browser' } },
    { name: 'electron', metadata: { target: 'electron' } },
  ],
});
