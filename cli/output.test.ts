/** The command's output when whoever reads it goes away (`| head`) or its disk is full: one line and exit 1. */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBundle } from '../test/fixtures/bundles.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cc-output-'));
// 5,000 usages: far more CSV than a pipe holds, so the writer meets the closed end.
const account = join(tmp, 'account.json');
writeFileSync(
  account,
  JSON.stringify({
    format: 'credit-companion/account@1',
    events: [{ date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 100_000 }, ...Array.from({ length: 5_000 }, () => ({ date: '2026-01-05', type: 'usage', feature: 'image-asset', count: 1, project: 'A project with a long enough name' }))],
  }),
);

function cli(args: string[], stdout: 'pipe' | number, onStdout?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cliBundle(), ...args], { stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    onStdout?.(child);
    child.once('close', (code) => done({ code, stderr }));
  });
}

// Each case starts the command in a process of its own (its bundle, as the installed command runs it): seconds on a loaded machine.
describe('output that cannot be written', { timeout: 60_000 }, () => {
  beforeAll(() => void cliBundle(), 60_000);
  it('a reader that stops reading (export-usage | head -1): exit 1, one line, no stack trace', async () => {
    const out = await cli(['export-usage', account], 'pipe', (child) => child.stdout!.once('data', () => child.stdout!.destroy()));
    expect(out).toEqual({ code: 1, stderr: 'credit-companion: the output could not be written: the program reading it stopped reading (EPIPE)\n' });
  });

  it.runIf(process.platform === 'linux')('a full disk (> /dev/full): exit 1, one line, no stack trace', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const out = await cli(['export-usage', account], full);
      expect(out).toEqual({ code: 1, stderr: 'credit-companion: the output could not be written: the disk it goes to is full (ENOSPC)\n' });
    } finally {
      closeSync(full);
    }
  });
});
