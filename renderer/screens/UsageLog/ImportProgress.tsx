import { useEffect, useState } from 'react';
import type { WorkProgress } from '../../../shared/api.ts';
import { useStore } from '../../store/store.ts';

/** How often the bar asks how far the service has got. */
const PROGRESS_MS = 100;
/** The share of the bar each stage of reading a file fills: the rows take most of the time, replaying them the rest. */
const STAGE_SPAN: Record<Exclude<WorkProgress['stage'], 'saving'>, readonly [number, number]> = { reading: [0, 0.7], checking: [0.7, 1] };

/** How far the service has got with `call`: asked every PROGRESS_MS while shown (null until it says). */
function useWorkProgress(call: WorkProgress['call']): WorkProgress | null {
  const read = useStore((s) => s.read);
  const [progress, setProgress] = useState<WorkProgress | null>(null);
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      timer = setTimeout(async () => {
        const reply = await read('progress-get', {});
        if (!current) return;
        if (reply.ok && reply.value?.call === call) setProgress(reply.value);
        ask();
      }, PROGRESS_MS);
    };
    ask();
    return () => {
      current = false;
      clearTimeout(timer);
      setProgress(null);
    };
  }, [call, read]);
  return progress;
}

/** The bar while a file is read or imported: how far through its rows, then through replaying them, then saving (which takes no steps). */
export function ImportProgress({ call, rows, adding }: { readonly call: 'usage-import-preview' | 'usage-import'; readonly rows: number; readonly adding: number | null }) {
  const progress = useWorkProgress(call);
  const label = call === 'usage-import' ? 'Importing' : 'Reading the file';
  const usages = adding === null ? '' : ` ${adding.toLocaleString()} ${adding === 1 ? 'usage' : 'usages'}`;
  let value: number | undefined;
  let text = adding === null ? `Reading ${rows.toLocaleString()} rows and what each costs…` : `Importing${usages}…`;
  if (progress && progress.stage !== 'saving' && progress.total > 0) {
    const [from, to] = STAGE_SPAN[progress.stage];
    value = from + ((to - from) * progress.done) / progress.total;
    text = progress.stage === 'reading' ? `Reading row ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}…` : `Working out each row’s cost and the balance: ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} events…`;
  } else if (progress?.stage === 'saving') text = `Saving${usages}…`;
  return (
    <p className="import-usage__working" role="status">
      <progress aria-label={label} max={1} {...(value === undefined ? {} : { value })} />
      <span>{text}</span>
    </p>
  );
}
