import type { UsageRow } from '../../../shared/api.ts';
import { RATE_CARD_2026_11, rateOf } from '../../../shared/catalog/rateCard.ts';

/** How much of a feature a usage took, as the log shows it: `2 generations`, `90 s`, `2.5 min`. */
export function amountText(row: Pick<UsageRow, 'feature' | 'count' | 'seconds' | 'minutes'>): string {
  const rate = rateOf(RATE_CARD_2026_11, row.feature)!;
  if (row.count !== undefined) return `${row.count} ${rate.basis.label}${row.count === 1 ? '' : 's'}`;
  return row.seconds !== undefined ? `${row.seconds} s` : `${row.minutes} min`;
}
