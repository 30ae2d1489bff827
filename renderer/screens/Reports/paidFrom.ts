import type { PaidFrom } from '../../../shared/engine/report.ts';

/** What paid for credits, as a row's "Paid from" says it (the $0 ones say so). */
export const PAID_FROM_WORDS: Record<PaidFrom, string> = {
  allocation: 'plan',
  upgrade: 'upgrade',
  addon: 'add-on',
  'auto-reload': 'auto-reload',
  adjustment: 'balance check ($0)',
  'free-videos': 'free videos ($0)',
  legacy: 'unlimited plan ($0)',
};

/** A lot's kind, as its row in the lots table names it. */
export const LOT_WORDS: Record<Exclude<PaidFrom, 'free-videos' | 'legacy'>, string> = {
  allocation: 'Plan',
  upgrade: 'Upgrade',
  addon: 'Add-on',
  'auto-reload': 'Auto-reload',
  adjustment: 'Balance check',
};
