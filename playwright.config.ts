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
  // One worker: with two, the paint spec's charts moved by 2.6 px between their held and drawn states on a quiet CI run,
  // twice in a row (#22's note); back to one until that is understood.
  workers: 1,
  // On CI a spec that fails once is run again and reported as flaky, so a loaded machine's slow moment is told from a bug.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  projects: [
    { name: 'browser', metadata: { target: 'browser' } },
    { name: 'electron', metadata: { target: 'electron' } },
  ],
});
