import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBundle } from '../test/fixtures/bundles.ts';
import { run } from './main.ts';

const scenarios = join(import.meta.dirname, '..', 'test', 'scenarios');
const tmp = mkdtempSync(join(tmpdir(), 'cc-cli-'));

function file(name: string, value: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof value === 'string' || value instanceof Uint8Array ? value : JSON.stringify(value));
  return path;
}

const proAccount = file('pro.json', {
  format: 'credit-companion/account@1',
  events: [
    { date: '2026-01-17', type: 'subscribe', plan: 'pro', credits: 1000 },
    { date: '2026-01-20', type: 'usage', feature: 'avatar-iv', minutes: 10, project: 'Launch' },
    { date: '2026-02-10', type: 'usage', feature: 'avatar-iv', minutes: 100 },
  ],
});

const project = (lines: unknown[], extra: object = {}) =>
  file(`project-${Math.random().toString(36).slice(2)}.json`, { format: 'credit-companion/project@1', name: 'Launch', date: '2026-02-20', lines, ...extra });

describe('balance', () => {
  it('prints the FORMATS.md keys as plain numbers', () => {
    const out = run(['balance', proAccount, '--at', '2026-02-20', '--json']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.balance).toBe(1800);
    expect(json.lots).toEqual([
      expect.objectContaining({ remaining: 800, grantedOn: '2026-01-17', expiresOn: '2026-03-17' }),
      expect.objectContaining({ remaining: 1000, grantedOn: '2026-02-17', expiresOn: '2026-04-17' }),
    ]);
    expect(json.charges).toEqual([expect.objectContaining({ date: '2026-01-17', amount: 49 }), expect.objectContaining({ date: '2026-02-17', amount: 49 })]);
    expect(json.refused).toEqual([expect.objectContaining({ date: '2026-02-10', shortfall: 1200 })]);
  });

  it('labels an estimated price in the charge table and in the JSON reason, the contract kept (#9, defect 8)', () => {
    const account = file('pro-1500.json', {
      format: 'credit-companion/account@1',
      events: [
        { date: '2026-09-10', type: 'subscribe', plan: 'pro', credits: 1500 },
        { date: '2026-10-20', type: 'change-plan', plan: 'pro', credits: 2500 },
      ],
    });
    const json = JSON.parse(run(['balance', account, '--at', '2026-10-25', '--json']).stdout);
    expect(json.charges).toEqual([
      { date: '2026-09-10', amount: 70.47, reason: 'Pro 1,500 (monthly) (estimated price)', kind: 'plan', estimated: true, assumptions: ['pro-estimated'] },
      { date: '2026-10-10', amount: 70.47, reason: 'Pro 1,500 (monthly) (estimated price)', kind: 'plan', estimated: true, assumptions: ['pro-estimated'] },
      { date: '2026-10-20', amount: 29.09, reason: 'Upgrade Pro 1,500 (monthly) → Pro 2,500 (monthly): $42.94 × 21/31 days (estimated price)', kind: 'upgrade', estimated: true, assumptions: ['pro-estimated'] },
    ]);
    const text = run(['balance', account, '--at', '2026-10-25']).stdout;
    expect(text).toMatch(/2026-09-10 +\$70\.47 \(est\.\) +Pro 1,500/);
    expect(text).toContain('(est.) Pro tier prices between the published ones');
    // A published price is not marked.
    const known = JSON.parse(run(['balance', proAccount, '--at', '2026-02-20', '--json']).stdout);
    expect(known.charges[0]).toMatchObject({ reason: 'Pro 1,000 (monthly)', estimated: false, assumptions: [] });
    expect(run(['balance', proAccount, '--at', '2026-02-20']).stdout).not.toContain('(est.)');
  });

  it('prints a readable table without --json', () => {
    const out = run(['balance', proAccount, '--at', '2026-02-20']);
    expect(out.stdout).toContain('Pro 1,000 (monthly): 1,800 credits on 2026-02-20');
    expect(out.stdout).toMatch(/2026-02-10\s+avatar-iv\s+1,200/);
  });

  it('reads an account exported from the app, its planned projects included', () => {
    const exported = file('exported.json', {
      ...JSON.parse(readFileSync(proAccount, 'utf8')),
      projects: [{ format: 'credit-companion/project@1', id: 'p1', name: 'Launch', date: '2026-04-02', lines: [{ feature: 'avatar-iv', minutes: 5 }] }],
    });
    const out = run(['balance', exported, '--at', '2026-02-20', '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).balance).toBe(1800);
  });

  it('reads and never writes the account', () => {
    const before = readFileSync(proAccount, 'utf8');
    const mtime = statSync(proAccount).mtimeMs;
    run(['balance', proAccount, '--json']);
    expect(readFileSync(proAccount, 'utf8')).toBe(before);
    expect(statSync(proAccount).mtimeMs).toBe(mtime);
  });
});

describe('bad input exits 2 naming the file, the field and the rule', () => {
  it.each([
    [['balance', join(tmp, 'missing.json')], 'missing.json: cannot read (no such file)'],
    [['balance', file('broken.json', '{"format": ')], 'broken.json: not valid JSON'],
    [['balance', proAccount, '--at', '2026-02-30'], '--at: must be a calendar date YYYY-MM-DD (years 2000 to 2999), not "2026-02-30"'],
    [['balance', proAccount, '--months', '3'], '--months: not an option of balance'],
    [['balance', proAccount, '--frob'], "Unknown option '--frob'"],
    [['forecast', proAccount, '--months', '0'], '--months: must be at least 1'],
    [['compare'], '--credits N (credits a month), --account ACCOUNT or --data DIR is required'],
    [['compare', '--credits', 'many'], '--credits: must be a number'],
    [['compare', '--credits', '10', '--billing', 'weekly'], '--billing: "weekly" is not a billing period; use monthly or annual'],
    [['quote', project([]), '--plan', 'enterprise'], '--credits: required with --plan enterprise (the monthly credits of your contract)'],
    [['compare', '--credits', '-5'], '--credits: "-5" is not a value it takes (no option takes a negative number)'],
    [['quote', project([{ feature: 'avatar-iv', count: 2 }])], 'lines[0].count: avatar-iv is billed by time: use minutes or seconds, not count'],
    [['frob'], 'unknown command "frob"'],
    [['quote', project([]), '--plan', 'creator', '--credits', '100000'], '--credits: goes with --plan pro or --plan enterprise'],
    [['compare', '--account', file('late-addon.json', { format: 'credit-companion/account@1', events: [{ date: '2026-01-01', type: 'subscribe', plan: 'creator' }, { date: '2026-06-01', type: 'addon', blocks: 1 }] }), '--at', '2026-02-01'], 'events[1].type: add-on credit blocks are for Business only'],
  ])('%j', (args, message) => {
    const out = run(args);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(message);
  });

  it('lists every problem of a file, one line each', () => {
    const bad = file('many.json', { format: 'credit-companion/account@1', events: [{ date: '2026-01-01', type: 'subscribe', plan: 'pro' }, { date: 'soon', type: 'usage', feature: 'avatar-vii', minutes: -1 }] });
    const lines = run(['balance', bad]).stderr.split('\n');
    expect(lines).toEqual([
      expect.stringContaining('many.json: events[0].credits: required for pro'),
      expect.stringContaining('many.json: events[1].date: must be a calendar date YYYY-MM-DD (years 2000 to 2999), not "soon"'),
      expect.stringContaining('many.json: events[1].feature: unknown feature "avatar-vii"; known: avatar-iii'),
      expect.stringContaining('many.json: events[1].minutes: must be greater than 0'),
    ]);
  });
});

describe('any file: exit 2 and one line naming the file, the field and the rule, never a stack trace', () => {
  beforeAll(() => void cliBundle(), 60_000);
  /** The command as a real process (its bundle, as the installed command runs it), so a bug would show as its exit 70 and stack trace. */
  function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      execFile(process.execPath, [cliBundle(), ...args], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }));
    });
  }
  const lists = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
  const accountWith = (event: string) => `{"format":"credit-companion/account@1","events":[${event}]}`;
  const junk = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
  const folder = join(tmp, 'folder.json');
  mkdirSync(folder);

  it.concurrent.each([
    ['binary junk', ['balance', file('junk.bin', junk)], 'junk.bin: not valid JSON: '],
    ['a folder', ['balance', folder], 'folder.json: cannot read (a folder, not a file)'],
    ['an empty file', ['forecast', file('empty.json', '')], 'empty.json: not valid JSON: Unexpected end of JSON input'],
    ['a field 5,000 lists deep', ['balance', file('deep-field.json', accountWith(`{"date":"2026-01-18","type":"usage","feature":${lists(5000)},"minutes":1}`))], 'deep-field.json: events[0].feature: nested deeper than 64 levels'],
    ['a field 5,000 objects deep', ['compare', '--account', file('deep-object.json', accountWith(`{"date":"2026-01-17","type":"subscribe","plan":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`))], 'deep-object.json: events[0].plan: nested deeper than 64 levels'],
    ['a file 100,000 lists deep', ['balance', file('deep-100k.json', lists(100_000))], 'deep-100k.json: [0][0][0]: nested deeper than 64 levels'],
    ['100,000 unclosed lists', ['balance', file('open-100k.json', '['.repeat(100_000))], 'open-100k.json: not valid JSON: Unexpected end of JSON input'],
    ['a project line 5,000 deep', ['quote', file('deep-project.json', `{"format":"credit-companion/project@1","name":"p","date":"2026-02-20","lines":[{"feature":${lists(5000)}}]}`)], 'deep-project.json: lines[0].feature: nested deeper than 64 levels'],
    ['a quote with an account 5,000 deep', ['quote', project([]), '--account', file('deep-quote-account.json', accountWith(lists(5000)))], 'deep-quote-account.json: events[0][0]: nested deeper than 64 levels'],
  ])('%s', async (_what, args, message) => {
    const out = await cli(args);
    expect(out).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining(message) });
    expect(out.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^credit-companion: ${tmp}/`))]);
  }, 30_000);

  const bom = '\ufeff';
  it.each([
    ['an account', () => run(['balance', file('bom-account.json', `${bom}${readFileSync(proAccount, 'utf8')}`), '--at', '2026-02-20', '--json'])],
    ['a project', () => run(['quote', file('bom-project.json', `${bom}${JSON.stringify({ format: 'credit-companion/project@1', name: 'p', date: '2026-02-20', lines: [] })}`), '--json'])],
  ])('reads %s that starts with a UTF-8 byte order mark', (_what, go) => {
    expect(go()).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
  });
});

describe('quote', () => {
  it('exits 1 with a finding for a 45-minute video on Pro, naming the plan that allows it', () => {
    const out = run(['quote', project([{ feature: 'avatar-iv', minutes: 45 }]), '--plan', 'pro', '--credits', '1000', '--json']);
    expect(out.code).toBe(1);
    const json = JSON.parse(out.stdout);
    expect(json.credits).toBe(900);
    expect(json.findings).toEqual([{ rule: 'max-length', line: 0, allowedBy: 'business', message: 'Line 1: a 45-minute Avatar IV / Avatar V video is longer than Pro allows (30 minutes); Business allows 60 minutes' }]);
    expect(json.cost).toEqual(expect.objectContaining({ amount: 44.1, estimated: false }));
  });

  it('with an account: whether it fits on its date and from which lots', () => {
    const out = run(['quote', project([{ feature: 'avatar-iv', minutes: 25, videos: 2 }]), '--account', proAccount, '--json']);
    const json = JSON.parse(out.stdout);
    expect(json.plan).toBe('Pro 1,000 (monthly)');
    expect(json.fits).toBe(true);
    expect(json.balance).toBe(1800);
    expect(json.draws).toEqual([expect.objectContaining({ credits: 800, grantedOn: '2026-01-17', expiresOn: '2026-03-17' }), expect.objectContaining({ credits: 200, grantedOn: '2026-02-17' })]);
    expect(out.code).toBe(0);
  });

  it('exits 1 when the balance does not cover it', () => {
    const out = run(['quote', project([{ feature: 'avatar-iv', minutes: 19, videos: 5 }]), '--account', proAccount, '--json']);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toEqual(expect.objectContaining({ fits: false, shortfall: 100, credits: 1900 }));
  });

  it('gives a low–high range with expected retries', () => {
    const json = JSON.parse(run(['quote', project([{ feature: 'avatar-iv', minutes: 10 }]), '--retries', '1.25', '--json']).stdout);
    expect([json.credits, json.creditsHigh]).toEqual([200, 250]);
  });
});

describe('quote on Free', () => {
  it('fits when the replay would accept it: a 2-minute video within the quota', () => {
    const free = file('free.json', { format: 'credit-companion/account@1', events: [{ date: '2026-01-17', type: 'subscribe', plan: 'free' }] });
    const out = run(['quote', project([{ feature: 'avatar-iv', minutes: 2 }], { resolution: '720p' }), '--account', free, '--json']);
    expect(JSON.parse(out.stdout)).toEqual(expect.objectContaining({ fits: true, findings: [] }));
    expect(out.code).toBe(0);
  });
});

describe('compare', () => {
  it('lists every option that covers the credits, cheapest first', () => {
    const json = JSON.parse(run(['compare', '--credits', '1200', '--json']).stdout);
    const monthly = json.options.map((o: { monthly: number }) => o.monthly);
    expect(monthly).toEqual([...monthly].sort((a, b) => a - b));
    expect(json.options[0]).toEqual(expect.objectContaining({ plan: 'pro', credits: 2000, estimated: true }));
    expect(json.options.some((o: { plan: string }) => o.plan === 'creator')).toBe(false);
    expect(json.options).toContainEqual(expect.objectContaining({ plan: 'business', credits: 1500, monthly: 149, estimated: false }));
    expect(json.options).toContainEqual(expect.objectContaining({ plan: 'pro', credits: 100_000, monthly: 4300, estimated: false }));
  });

  it('prices Creator annual at $24 a month', () => {
    const json = JSON.parse(run(['compare', '--credits', '500', '--billing', 'annual', '--json']).stdout);
    expect(json.options[0]).toEqual(expect.objectContaining({ plan: 'creator', monthly: 24, estimated: false }));
  });

  it('replays an account’s own usage on every option', () => {
    const json = JSON.parse(run(['compare', '--account', join(scenarios, '01-monthly-rollover.account.json'), '--at', '2026-03-16', '--json']).stdout);
    expect(json.options.length).toBeGreaterThan(3);
    expect(json.options[0]).toEqual(expect.objectContaining({ refused: 0 }));
  });

  it('--account: marks the current plan, what each option saves against it, the near misses, and the cheapest that saves', () => {
    // Pro 2,000 at $88 for Jan to Mar: $264. Pro 1,000, $147, covers every usage; Creator, $87, falls 50 credits short once.
    const account = file('pro-2000.json', {
      format: 'credit-companion/account@1',
      proTiers: [{ credits: 2000, monthly: 88 }],
      events: [
        { date: '2026-01-01', type: 'subscribe', plan: 'pro', credits: 2000 },
        { date: '2026-01-05', type: 'usage', feature: 'avatar-iv', minutes: 25 },
        { date: '2026-02-05', type: 'usage', feature: 'avatar-iv', minutes: 25 },
        { date: '2026-03-05', type: 'usage', feature: 'avatar-iv', minutes: 42.5 },
      ],
    });
    const json = JSON.parse(run(['compare', '--account', account, '--at', '2026-03-31', '--json']).stdout);
    expect(json.options.slice(0, 3)).toEqual([
      expect.objectContaining({ label: 'Creator', total: 87, refused: 1, nearMiss: true, current: false, saves: 177 }),
      expect.objectContaining({ label: 'Pro 1,000', total: 147, refused: 0, nearMiss: false, current: false, saves: 117 }),
      expect.objectContaining({ label: 'Pro 2,000', total: 264, current: true, saves: 0 }),
    ]);
    expect(json.bestSaving).toEqual({ label: 'Pro 1,000', total: 147, saves: 117 });
    expect(run(['compare', '--account', account, '--at', '2026-03-31']).stdout).toContain('Pro 1,000 would have saved $117.00.');
  });
});

describe('forecast', () => {
  it('exits 1 when the burn runs out before the renewal', () => {
    const heavy = file('heavy.json', {
      format: 'credit-companion/account@1',
      events: [
        { date: '2026-01-01', type: 'subscribe', plan: 'creator' },
        // 25 credits a day for 20 days: 100 left on Jan 21, ten days before the Feb 1 renewal.
        ...Array.from({ length: 20 }, (_, i) => ({ date: `2026-01-${String(i + 2).padStart(2, '0')}`, type: 'usage', feature: 'avatar-iv', minutes: 1.25 })),
      ],
    });
    const out = run(['forecast', heavy, '--at', '2026-01-21', '--json']);
    const json = JSON.parse(out.stdout);
    expect(json.runsOutBeforeRenewal).toBe(true);
    expect(json.runOutOn < json.renewalOn).toBe(true);
    expect(out.code).toBe(1);
  });
});

describe('compare --account on annual billing', () => {
  it('counts an annual plan charge for its share of the window', () => {
    const json = JSON.parse(run(['compare', '--account', join(scenarios, '01-monthly-rollover.account.json'), '--at', '2026-03-16', '--billing', 'annual', '--months', '3', '--json']).stdout);
    // The account began Jan 17: of the 3 months asked, the 2 whole months from Jan 17 to Mar 16 are replayed.
    expect([json.from, json.months, json.asked]).toEqual(['2026-01-17', 2, 3]);
    const creator = json.options.find((o: { plan: string }) => o.plan === 'creator');
    expect(creator.total).toBe(48); // $288 a year, 2 months of it
  });
});

describe('quote --plan pro alone', () => {
  it('is quoted on the entry tier, Pro 1,000, and says so', () => {
    const out = run(['quote', project([{ feature: 'avatar-iv', minutes: 45 }]), '--plan', 'pro', '--json']);
    expect(out.stderr).toBe('--plan pro without --credits: quoted on the entry tier, Pro 1,000');
    const json = JSON.parse(out.stdout);
    expect(json.credits).toBe(900);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toContain('max-length');
  });
});
