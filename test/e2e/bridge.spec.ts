/** The bridge end to end: the renderer reaches the backend, changes persist, bad messages change nothing. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';

test('add a usage, see the balance change, restart, see it persisted', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Explore with a demo account' }).click();
  const balance = page.getByTestId('balance');
  await expect(balance).toBeVisible();
  const beforeText = await balance.innerText();
  const before = Number(beforeText.replace(/[^\d.]/g, ''));

  await page.getByRole('button', { name: 'Usage log' }).click();
  const form = page.getByRole('form', { name: 'Log a usage' });
  await form.getByRole('combobox', { name: 'Feature' }).fill('avatar iv');
  await page.keyboard.press('Enter');
  await form.getByLabel('Length of each video').fill('3');
  await expect(page.getByTestId('usage-cost')).toHaveText('60');
  await form.getByRole('button', { name: 'Log usage' }).click();
  await page.getByRole('button', { name: 'Dashboard' }).click();
  await expect(balance).not.toHaveText(beforeText);
  const after = Number((await balance.innerText()).replace(/[^\d.]/g, ''));
  expect(before - after).toBe(60);

  await app.restart();
  await expect(app.page.getByTestId('balance')).toHaveText(new Intl.NumberFormat('en-US').format(after));
});

test('a bad message gets a typed error and changes nothing stored', async ({ app }) => {
  test.skip(app.server === null, 'the HTTP form of this check is for the browser mode; IPC is checked by the handler fuzz');
  const { page } = app;
  await page.getByRole('button', { name: 'Explore with a demo account' }).click();
  await expect(page.getByTestId('balance')).toBeVisible();
  const stored = () => readFileSync(join(app.dataDir, 'account.json'), 'utf8') + (() => { try { return readFileSync(join(app.dataDir, 'account.journal'), 'utf8'); } catch { return ''; } })();
  const before = stored();
  const reply = await page.evaluate(async ({ token }) => {
    const res = await fetch('./api/usage-add', { method: 'POST', headers: { 'content-type': 'application/json', 'x-cc-token': token }, body: JSON.stringify({ input: { date: '2026-02-30', feature: 'avatar-vii', minutes: -1 } }) });
    return (await res.json()) as { ok: boolean; error: { code: string; message: string } };
  }, { token: app.server!.token });
  expect(reply.ok).toBe(false);
  expect(reply.error.code).toBe('invalid-input');
  expect(reply.error.message).toContain('Date: must be a calendar date');
  expect(stored()).toBe(before);
});
