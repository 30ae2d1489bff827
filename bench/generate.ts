/**
 * Deterministic generators for the benchmark: realistic account files (an
 * event log of a heavy creator over ~11½ years) and a 50-line project.
 *
 * Accounts are written straight to disk as one event per line, in date order
 * (the order the format asks for), without building a million objects first:
 * generating the 1M-event file takes about a second.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** mulberry32: small, fast, good enough for test data, and the same everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every calendar day from `from` to `to` inclusive, as `YYYY-MM-DD` (UTC arithmetic, no time zones). */
export function calendarDays(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export const SPAN = { from: '2015-03-14', to: '2026-10-31' } as const;
/** A date after the last event, for `balance --at`. */
export const AT_AFTER_LAST = '2026-12-31';

export type Variant = 'pro' | 'business';

/** A control (non-usage) event, already serialised but for its id and date. */
interface Control {
  readonly date: string;
  /** The JSON fields after `date`, without braces: `"type":"pause"`. */
  readonly body: string;
}

function r2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The plan history of a Pro creator: tier dip, pauses, a year on annual billing, avatar slots, balance checks. */
function proControls(rand: () => number): Control[] {
  const c: Control[] = [
    { date: '2015-03-14', body: '"type":"subscribe","plan":"pro","credits":100000,"billing":"monthly"' },
    { date: '2015-03-14', body: '"type":"avatar-slots","count":1,"billing":"monthly"' },
    // A quiet summer: down to Pro 50,000 from the next cycle, back up (prorated upgrade) two months later.
    { date: '2016-07-02', body: '"type":"change-plan","plan":"pro","credits":50000' },
    { date: '2016-09-20', body: '"type":"change-plan","plan":"pro","credits":100000' },
    { date: '2018-05-03', body: '"type":"pause"' },
    // Annual billing costs more per period: a billing switch at once, then yearly avatar slots.
    { date: '2019-01-20', body: '"type":"change-plan","plan":"pro","credits":100000,"billing":"annual"' },
    { date: '2019-01-20', body: '"type":"avatar-slots","count":2,"billing":"annual"' },
    { date: '2020-02-11', body: '"type":"avatar-slots","count":3,"billing":"annual"' },
    // Back to monthly: cheaper per period, so it waits for the renewal.
    { date: '2021-03-01', body: '"type":"change-plan","plan":"pro","credits":100000,"billing":"monthly"' },
    { date: '2022-06-01', body: '"type":"avatar-slots","count":1,"billing":"annual"' },
    { date: '2024-11-15', body: '"type":"pause"' },
  ];
  for (let y = 2015; y <= 2026; y++) {
    for (const md of ['-02-20', '-08-20']) {
      const date = `${y}${md}`;
      if (date < SPAN.from || date > SPAN.to) continue;
      c.push({ date, body: `"type":"balance-check","balance":${r2(60_000 + rand() * 80_000)}` });
    }
  }
  return c;
}

/** A Business team: seats, add-on blocks, auto-reload (retuned, off for two days), avatar slots, a pause. */
function businessControls(rand: () => number): Control[] {
  const c: Control[] = [
    { date: '2015-03-14', body: '"type":"subscribe","plan":"business","billing":"monthly"' },
    { date: '2015-03-14', body: '"type":"seats","count":3' },
    { date: '2015-03-14', body: '"type":"auto-reload","threshold":1000,"blocks":20' },
    { date: '2016-02-03', body: '"type":"addon","blocks":10' },
    { date: '2017-08-01', body: '"type":"avatar-slots","count":2,"billing":"monthly"' },
    { date: '2018-05-03', body: '"type":"pause"' },
    { date: '2020-06-15', body: '"type":"auto-reload","threshold":2000,"blocks":40' },
    { date: '2022-09-01', body: '"type":"seats","count":5' },
    { date: '2024-03-10', body: '"type":"auto-reload","threshold":0,"blocks":0' },
    { date: '2024-03-12', body: '"type":"auto-reload","threshold":1500,"blocks":30' },
    { date: '2025-01-07', body: '"type":"addon","blocks":25' },
  ];
  for (let y = 2015; y <= 2026; y++) {
    for (const md of ['-01-25', '-07-25']) {
      const date = `${y}${md}`;
      if (date < SPAN.from || date > SPAN.to) continue;
      c.push({ date, body: `"type":"balance-check","balance":${r2(1500 + rand() * 2500)}` });
    }
  }
  return c;
}

/**
 * How a usage is measured, by feature: weight (how often) and a generator of
 * the measure fields. Short generations dominate (a heavy API-driven creator),
 * about 11 credits each on average, so 1M usages over the span burn ~75k of a
 * Pro 100,000 allocation a month: usage mostly succeeds.
 */
const FEATURES: readonly { readonly id: string; readonly weight: number; readonly measure: (rand: () => number) => string }[] = [
  { id: 'avatar-iv', weight: 25, measure: (r) => `"minutes":${r2(0.1 + r() * 1.1)}` },
  { id: 'avatar-iii', weight: 10, measure: (r) => `"minutes":${r2(0.5 + r() * 4)}` },
  { id: 'expressive-motion', weight: 3, measure: (r) => `"seconds":${5 + Math.floor(r() * 26)}` },
  { id: 'translation', weight: 8, measure: (r) => `"minutes":${r2(0.5 + r() * 2)},"videos":${1 + Math.floor(r() * 3)}` },
  { id: 'translation-precision', weight: 3, measure: (r) => `"minutes":${r2(0.3 + r() * 1.2)},"videos":${1 + Math.floor(r() * 2)}` },
  { id: 'translation-no-lipsync', weight: 4, measure: (r) => `"minutes":${r2(1 + r() * 4)}` },
  { id: 'generate-look', weight: 8, measure: (r) => `"count":${1 + Math.floor(r() * 8)}` },
  { id: 'image-asset', weight: 12, measure: (r) => `"count":${1 + Math.floor(r() * 6)}` },
  { id: 'seedance2', weight: 5, measure: (r) => `"seconds":${2 + Math.floor(r() * 4)}` },
  { id: 'veo3', weight: 0.5, measure: () => '"count":1' },
  { id: 'video-agent', weight: 5, measure: (r) => `"minutes":${r2(0.2 + r() * 0.8)}` },
  { id: 'motion-designer-asset', weight: 6, measure: (r) => `"count":${1 + Math.floor(r() * 4)}` },
  { id: 'batch', weight: 4, measure: (r) => `"minutes":${r2(1 + r() * 5)}` },
  { id: 'instant-highlights', weight: 4, measure: (r) => `"seconds":${600 + Math.floor(r() * 4800)}` },
  { id: 'model-training', weight: 0.2, measure: () => '"count":1' },
];

const TOPICS = [
  'Product launch', 'Onboarding series', 'Weekly update', 'Customer stories', 'Sales enablement', 'Help center',
  'Conference recap', 'Social shorts', 'Investor update', 'Hiring campaign', 'Feature tour', 'Partner training',
  'Holiday promo', 'Podcast clips', 'Course module', 'Localization batch', 'Webinar follow-up', 'Brand refresh',
  'Release notes', 'Community Q&A',
];

/** Cumulative feature weights, for picking by a uniform number. */
const CUMULATIVE = (() => {
  const total = FEATURES.reduce((n, f) => n + f.weight, 0);
  let acc = 0;
  return FEATURES.map((f) => (acc += f.weight / total));
})();

function pickFeature(u: number): (typeof FEATURES)[number] {
  for (let i = 0; i < CUMULATIVE.length; i++) if (u < CUMULATIVE[i]!) return FEATURES[i]!;
  return FEATURES[FEATURES.length - 1]!;
}

export interface GeneratedAccount {
  readonly file: string;
  readonly variant: Variant;
  readonly usages: number;
  readonly events: number;
  readonly bytes: number;
  readonly firstDate: string;
  readonly lastDate: string;
}

/**
 * Write an account with `usages` usage events (plus the plan's control events)
 * to `file`. Every event gets an id, as the app gives one to every event it
 * records. The same (variant, usages, seed) always gives the same bytes.
 */
export function generateAccount(file: string, variant: Variant, usages: number, seed: number): GeneratedAccount {
  const rand = prng(seed);
  const days = calendarDays(SPAN.from, SPAN.to);
  const controls = (variant === 'pro' ? proControls(rand) : businessControls(rand)).map((c, i) => ({ ...c, order: i }));
  controls.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));

  const fd = openSync(file, 'w');
  let bytes = 0;
  let chunk = '';
  const flush = (force: boolean) => {
    if (!force && chunk.length < 1 << 20) return;
    bytes += writeSync(fd, chunk);
    chunk = '';
  };
  const proTiers = variant === 'pro' ? '\n  "proTiers": [{ "credits": 100000, "monthly": 4300, "annualMonthly": 3600 }, { "credits": 50000, "monthly": 2300 }],' : '';
  chunk += `{\n  "format": "credit-companion/account@1",${proTiers}\n  "events": [\n`;

  let n = 0;
  let last = '';
  const emit = (date: string, body: string) => {
    // Ids like the app's: short, unique, not sequential-looking.
    const id = `ev_${n.toString(36).padStart(5, '0')}${Math.floor(rand() * 0x10000).toString(16).padStart(4, '0')}`;
    chunk += `${n === 0 ? '' : ',\n'}    {"id":"${id}","date":"${date}",${body}}`;
    n++;
    last = date;
    flush(false);
  };

  let ci = 0;
  const perDay = days.length / usages;
  for (let i = 0; i < usages; i++) {
    // Spread evenly with jitter; never decreasing, so the file stays in date order.
    const date = days[Math.min(days.length - 1, Math.floor((i + rand()) * perDay))]!;
    while (ci < controls.length && controls[ci]!.date <= date) {
      emit(controls[ci]!.date, controls[ci]!.body);
      ci++;
    }
    const feature = pickFeature(rand());
    let body = `"type":"usage","feature":"${feature.id}",${feature.measure(rand)}`;
    if (rand() < 0.65) body += `,"project":"${TOPICS[Math.floor(rand() * TOPICS.length)]} ${date.slice(0, 4)}"`;
    emit(date, body);
  }
  while (ci < controls.length) {
    emit(controls[ci]!.date, controls[ci]!.body);
    ci++;
  }
  chunk += '\n  ]\n}\n';
  flush(true);
  closeSync(fd);
  return { file, variant, usages, events: n, bytes, firstDate: SPAN.from, lastDate: last };
}

/** A 50-line project: a product launch in several languages, a few lines too long for Pro. */
export function generateProject(seed: number, lines = 50): unknown {
  const rand = prng(seed);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < lines; i++) {
    const feature = pickFeature(rand()).id;
    const line: Record<string, unknown> = { feature };
    const measure = JSON.parse(`{${FEATURES.find((f) => f.id === feature)!.measure(rand)}}`) as Record<string, number>;
    Object.assign(line, measure);
    if (i % 17 === 5 && 'minutes' in line) line.minutes = 45; // longer than Pro's 30 minutes: a finding
    if (i % 7 === 0) line.note = `Scene ${i + 1}`;
    out.push(line);
  }
  return {
    format: 'credit-companion/project@1',
    name: 'Product launch, 5 languages',
    date: '2026-06-01',
    resolution: '4k',
    customAvatars: 2,
    lines: out,
  };
}
