import { AssumptionBadge } from '../../components/AssumptionBadge/AssumptionBadge.tsx';
import { fmtDate, fmtMoney } from '../../format.ts';
import { useStore } from '../../store/store.ts';
import { useCall } from '../../useCall.ts';

/** The comparison Compare shows first: the last 3 months, billed monthly (asked the same, it is made once). */
const LAST_3_MONTHS = { months: 3 };

/** When another plan would have cost less over the last 3 months (every usage made), which and by how much, with the way to Compare. */
export function CheaperPlan() {
  const show = useStore((s) => s.show);
  const { value } = useCall('compare-run', LAST_3_MONTHS);
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
        Compare plans
      </button>
    </p>
  );
}
