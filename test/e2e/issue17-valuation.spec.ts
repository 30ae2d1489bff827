/** Issue #17, item 4: credits valued at what they cost, lot by lot; the Reports screen says what `report --json` says. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';

const root = join(import.meta.dirname, '..', '..');
const scenario = join(root, 'test', 'scenarios', '37-report-business-addons');

const usd = (n: number) => n.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
const unitUsd = (n: number) => n.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
const credits = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const month = (m: string) => new Date(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1).toLocaleString('en-US', { month: 'long', year: 'numeric' });
const day = (d: string) => new Date(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))).toLocaleString('en-US', { day: 'numeric', month: 'short', year: 'numeric' });
const PAID_FROM: Record<string, string> = { allocation: 'plan', addon: 'add-on', 'auto-reload': 'auto-reload', adjustment: 'balance check ($0)' };
const LOT: Record<string, string> = { allocation: 'Plan', addon: 'Add-on', 'auto-reload': 'Auto-reload', adjustment: 'Balance check' };

interface Valued { credits: number; usd: number }
interface ReportJson {
  price: null;
  rows: (Valued & { month: string; project: string; paidFrom: string[] })[];
  total: Valued;
  lost: Valued;
  unlogged: Valued;
  lots: { source: string; grantedOn: string; credits: number; plan: string | null; price: { usd: number; credits: number; usdPerCredit: number }; used: Valued; lost: Valued & { on: string | null }; held: number }[];
}

test('#17.4 reports value credits at what they cost, lot by lot (Business at its base $149, not its 4 seats; add-on and reload credits at $0.05; a balance check’s at $0): the screen shows what `report --json` and golden scenario 37 say', async ({ app }, testInfo) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByLabel('Account file to import').setInputFiles(`${scenario}.account.json`);
  await page.getByRole('button', { name: 'Reports' }).click();
  const money = page.getByRole('region', { name: 'Credits in money' });
  await expect(money.getByRole('table')).toBeVisible();

  const report = JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'cli', 'main.mjs'), 'report', '--data', app.dataDir, '--json'], { encoding: 'utf8' })) as ReportJson;
  // The plan was cancelled on Jun 1, 2026: from then on the report reads as the golden check's (on Jun 30), the months ahead aside.
  const golden = (JSON.parse(readFileSync(`${scenario}.expected.json`, 'utf8')) as { checks: { expect: Record<string, unknown> }[] }).checks[0]!.expect;
  for (const key of ['price', 'rows', 'total', 'lost', 'unlogged', 'lots'] as const) expect(report[key], key).toEqual(golden[key]);

  await expect(money).toContainText('On Free now: no credits are bought.');
  await expect(money.getByTestId('report-total')).toHaveText(`${credits(report.total.credits)} credits · ${usd(report.total.usd)}`);
  const rows = money.getByRole('row');
  await expect(rows).toHaveCount(report.rows.length + 1);
  for (const [i, r] of report.rows.entries()) {
    await expect(rows.nth(i + 1).getByRole('cell')).toHaveText([month(r.month), r.project, credits(r.credits), usd(r.usd), r.paidFrom.map((p) => PAID_FROM[p]).join(', ')]);
  }

  const lots = page.getByRole('region', { name: 'Where the credits came from' });
  const lotRows = lots.getByRole('row');
  await expect(lotRows).toHaveCount(report.lots.length + 1);
  for (const [i, l] of report.lots.entries()) {
    await expect(lotRows.nth(i + 1).getByRole('cell')).toHaveText([
      day(l.grantedOn),
      l.plan ? `${LOT[l.source]}: ${l.plan}` : LOT[l.source]!,
      credits(l.credits),
      `${unitUsd(l.price.usdPerCredit)} (${l.price.usd === 0 ? 'nothing paid' : `${usd(l.price.usd)} for ${credits(l.price.credits)}`})`,
      l.used.credits > 0 ? `${credits(l.used.credits)} · ${usd(l.used.usd)}` : '—',
      l.lost.credits > 0 ? `${credits(l.lost.credits)} · ${usd(l.lost.usd)} on ${day(l.lost.on!)}` : '—',
      credits(l.held),
    ]);
  }
  await expect(lots.getByTestId('report-unlogged')).toHaveText(`${credits(report.unlogged.credits)} credits were missing at balance checks (usage not logged), worth ${usd(report.unlogged.usd)}.`);
  await expect(page.getByTestId('report-lost')).toContainText(`${credits(report.lost.credits)} credits expired or were forfeited unused, worth ${usd(report.lost.usd)}`);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: testInfo.outputPath(`reports-business-${scheme}.png`), fullPage: true });
  }
});
