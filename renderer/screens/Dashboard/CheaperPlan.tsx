import { useMemo } from 'react';
import type { Billing } from '../../../shared/catalog/plans.ts';
import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { fmtDate, fmtMoney } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';

export type Props = { readonly billing: Billing };

/** When another plan would have cost less over the last 3 months (every usage made), which and by how much, with the way to Compare; on the billing the plan is on. */
export function CheaperPlan({ billing }: Props) {
  const show = useStore((s) => s.show);
  const request = useMemo(() => ({ months: 3, billing }), [billing]);
  const { value } = useCall('compare-run', request);
  const history = value?.history;
  const best = history?.bestSaving;
  if (!history || !best) return null;
  const current = history.options.find((o) => o.current);
  const assumed = [...new Set([...best.option.assumptions, ...(current?.option.assumptions ?? [])])];
  return (
    <p className="cheaper-plan">
      {best.option.label} would have saved <strong>{fmtMoney(best.saves)}</strong> {history.months === history.asked ? `over the last ${history.months} months` : `since ${fmtDate(history.from)}`}{' '}
      <AssumptionBadge ids={assumed} />{' '}
      <button type="button" className="link" onClick={() => show('compare')}>
        See the comparison
      </button>
    </p>
  );
}
