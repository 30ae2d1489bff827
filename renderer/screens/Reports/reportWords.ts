import type { Billing } from '../../../shared/catalog/plans.ts';
import type { PaidFrom } from '../../../shared/engine/report.ts';
import { creditsFromWhole } from '../../../shared/units.ts';
import { fmtCredits, fmtMoney } from '../../format.ts';

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

/** What bought `credits` whole credits: "$88.00 for 2,000", or for an annual allocation "$288.00 a year for 12 × 600". */
export function basisText(cents: number, credits: number, billing: Billing | null): string {
  return billing === 'annual' ? `${fmtMoney(cents)} a year for 12 × ${fmtCredits(creditsFromWhole(credits / 12))}` : `${fmtMoney(cents)} for ${fmtCredits(creditsFromWhole(credits))}`;
}
