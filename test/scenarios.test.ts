/**
 * Golden scenarios: each `test/scenarios/NN-name.account.json` beside its
 * `NN-name.expected.json`, values derived by hand from DOMAIN.md (see the
 * `derivation` of each check). They run through the command line's own code,
 * in-process, so they prove the public JSON contract too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/main.ts';

const dir = join(import.meta.dirname, 'scenarios');

interface Check {
  command: 'balance' | 'forecast' | 'quote' | 'compare' | 'report' | 'error';
  at?: string;
  by?: string;
  months?: number;
  project?: string;
  plan?: string;
  credits?: number;
  expect: Record<string, unknown>;
}

function cli(args: string[]) {
  const out = run(args);
  if (out.code === 2) throw new Error(`exit 2: ${out.stderr}`);
  return JSON.parse(out.stdout) as Record<string, unknown>;
}

const byDateThenAmount = (a: { date: string; amount: number }, b: { date: string; amount: number }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.amount - b.amount);

const names = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => f.replace('.expected.json', ''))
  .sort();

describe.each(names)('scenario %s', (name) => {
  const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as { about: string; checks: Check[] };
  const account = join(dir, `${name}.account.json`);

  it.each(expected.checks.map((check, i) => [`${check.command}${check.at ? ` at ${check.at}` : ''}${check.plan ? ` on ${check.plan}` : ''} (#${i + 1})`, check] as const))('%s', (_label, check) => {
    const e = check.expect;
    switch (check.command) {
      case 'balance': {
        const got = cli(['balance', account, '--json', '--at', check.at!]) as {
          balance: number;
          lots: { remaining: number; grantedOn: string; expiresOn: string | null }[];
          charges: { date: string; amount: number }[];
          refused: { date: string; shortfall: number }[];
        };
        expect(got.balance).toBeCloseTo(e.balance as number, 9);
        expect(got.lots.map((l) => ({ remaining: +l.remaining.toFixed(9), grantedOn: l.grantedOn, expiresOn: l.expiresOn }))).toEqual(
          (e.lots as typeof got.lots).map((l) => ({ ...l, remaining: +l.remaining.toFixed(9) })),
        );
        expect(got.charges.map((c) => ({ date: c.date, amount: c.amount })).sort(byDateThenAmount)).toEqual([...(e.charges as typeof got.charges)].sort(byDateThenAmount));
        expect(got.refused.map((r) => ({ date: r.date, shortfall: +r.shortfall.toFixed(9) }))).toEqual((e.refused as typeof got.refused).map((r) => ({ ...r, shortfall: +r.shortfall.toFixed(9) })));
        break;
      }
      case 'forecast': {
        const got = cli(['forecast', account, '--json', '--at', check.at!, '--months', String(check.months ?? 3)]) as { expiring: { date: string; credits: number }[] };
        expect(got.expiring.map((x) => ({ date: x.date, credits: +x.credits.toFixed(9) }))).toEqual((e.expiring as typeof got.expiring).map((x) => ({ ...x, credits: +x.credits.toFixed(9) })));
        break;
      }
      case 'quote': {
        const args = ['quote', join(dir, check.project!), '--json'];
        if (check.plan) args.push('--plan', check.plan);
        if (check.credits) args.push('--credits', String(check.credits));
        const got = cli(args) as { credits: number; lines: { credits: number }[]; findings: { rule: string }[] };
        expect(got.credits).toBeCloseTo(e.credits as number, 9);
        expect(got.lines.map((l) => ({ credits: l.credits }))).toEqual(e.lines);
        expect(got.findings.map((f) => f.rule).sort()).toEqual([...(e.findingRules as string[])].sort());
        break;
      }
      case 'compare': {
        type Option = { plan: string; credits: number; total: number; refused: number };
        const got = cli(['compare', '--account', account, '--json', '--at', check.at!, '--months', String(check.months ?? 3)]) as { options: Option[] } & Record<string, unknown>;
        const { options, first, ...window } = e as { options: Option[]; first?: Omit<Option, 'credits'> } & Record<string, unknown>;
        for (const [key, value] of Object.entries(window)) expect(got[key], key).toEqual(value);
        if (first) expect({ plan: got.options[0]?.plan, total: got.options[0]?.total, refused: got.options[0]?.refused }).toEqual(first);
        if (options.length === 0) expect(got.options).toEqual([]);
        for (const o of options) expect(got.options.find((g) => g.plan === o.plan && g.credits === o.credits)).toEqual(expect.objectContaining(o));
        break;
      }
      case 'report': {
        const got = cli(['report', account, '--json', '--at', check.at!, '--by', check.by ?? 'project', '--months', String(check.months ?? 3)]);
        for (const [key, value] of Object.entries(e)) expect(got[key], key).toEqual(value);
        break;
      }
      case 'error': {
        const out = run(['balance', account, '--json']);
        expect(out.code).toBe(2);
        expect(out.stdout).toBe('');
        for (const part of e.messageIncludes as string[]) expect(out.stderr).toContain(part);
        break;
      }
    }
  });
});
