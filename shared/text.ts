/** Number formatting for the engine's sentences (notes, reasons, findings), with formatters built once: they are costly to create. */

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "$49", "$17.61", "$4,300". */
export function usdLabel(amountCents: number): string {
  return `${amountCents < 0 ? '-' : ''}$${(amountCents % 100 ? cents : whole).format(Math.abs(amountCents) / 100)}`;
}

/** "1,000", "1,234.5". */
export function numberLabel(n: number): string {
  return decimal.format(n);
}

/** "1,184 expire in 4 d", "1,184 expire today": the next credits lost and the days left, as the tray's title shows them. */
export function expiryCountdown(credits: number, days: number): string {
  return `${whole.format(credits)} expire ${days <= 0 ? 'today' : `in ${whole.format(days)} d`}`;
}

/** English plural rules for a number as it is written with at most 2 decimals: "1 credit", "1.5 credits", "0 credits". */
const englishPlural = new Intl.PluralRules('en-US', { maximumFractionDigits: 2 });

/** The word for `n` of a thing: `one` for exactly one (as written), `many` otherwise. */
export function pluralWord(n: number, one: string, many: string): string {
  return englishPlural.select(n) === 'one' ? one : many;
}

/** "1 credit", "1,234.5 credits". */
export function creditsLabel(credits: number): string {
  return `${numberLabel(credits)} ${pluralWord(credits, 'credit', 'credits')}`;
}

/** A length in whole seconds (as billed: `measureSeconds`), in the largest units that say it exactly: "45 s", "5 min 45 s", "15 min", "1 h 2 min 3 s". */
export function lengthLabel(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h ? `${whole.format(h)} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean).join(' ');
}

/** "1 event", "12,400 events". */
export function countLabel(n: number, one: string, many: string): string {
  return `${whole.format(n)} ${n === 1 ? one : many}`;
}

/** An account in a few lines, as an import's confirmation shows it: what it holds, when, on which plan, and its projects. */
export function accountSummaryLines(summary: { readonly events: number; readonly usages: number; readonly from: string | null; readonly to: string | null; readonly plan: string | null; readonly projects: number }, dateLabel: (iso: string) => string): string[] {
  const lines = [summary.events === 0 ? 'No events' : `${countLabel(summary.events, 'event', 'events')}, ${countLabel(summary.usages, 'usage', 'usages')}`];
  if (summary.from && summary.to) lines.push(summary.from === summary.to ? `On ${dateLabel(summary.from)}` : `${dateLabel(summary.from)} to ${dateLabel(summary.to)}`);
  lines.push(summary.plan ?? 'No plan', countLabel(summary.projects, 'planned project', 'planned projects'));
  return lines;
}

/** The form two names of one member share (`by`, FORMATS.md): trimmed, in lower case. */
export function memberKey(name: string): string {
  return name.trim().toLowerCase();
}
