import type { UsageRow } from '../../../shared/api.ts';
import { usageAmountText } from '../../../shared/engine/history.ts';

/** How much of a feature a usage took, in History's words, and its videos where more than one: `2 generations`, `1 min 30 s × 3`. */
export function amountText(row: Pick<UsageRow, 'feature' | 'count' | 'seconds' | 'minutes' | 'videos'>): string {
  return `${usageAmountText(row)}${row.videos > 1 ? ` × ${row.videos.toLocaleString()}` : ''}`;
}
