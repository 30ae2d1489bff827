import { useEffect, useState } from 'react';
import type { WorkProgress } from '../../../shared/api.ts';
import { useStore } from '../../store/store.ts';

/** How often the bar asks how far the service has got. */
const PROGRESS_MS = 100;

type ImportCall = 'usage-import-preview' | 'usage-import';

/**
 * The share of the bar each stage of a call fills: reading the rows takes most of a preview and replaying them
 * the rest; an import (whose file the preview has read, unless it changed since) is mostly saving them.
 */
const STAGE_SPAN: Record<ImportCall, Record<WorkProgress['stage'], readonly [number, number]>> = {
  'usage-import-preview': { reading: [0, 0.75], checking: [0.75, 1], saving: [1, 1] },
  'usage-import': { reading: [0, 0.4], checking: [0.4, 0.6], saving: [0.6, 1] },
};

/** How far the service has got with `call`: asked every PROGRESS_MS while shown (null until it says). */
function useWorkProgress(call: ImportCall): WorkProgress | null {
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

/** The bar while a file is read or imported: how far through its rows, then through replaying them, then through saving them, and the share of the whole done. */
export function ImportProgress({ call, rows, adding }: { readonly call: ImportCall; readonly rows: number; readonly adding: number | null }) {
  const progress = useWorkProgress(call);
  const label = call === 'usage-import' ? 'Importing' : 'Reading the file';
  const usages = adding === null ? '' : ` ${adding.toLocaleString()} ${adding === 1 ? 'usage' : 'usages'}`;
  // Until the service says how far it has got (the file is on its way to it), nothing is done yet.
  let value = 0;
  let text = adding === null ? `Reading ${rows.toLocaleString()} rows and what each costs…` : `Importing${usages}…`;
  if (progress && progress.total > 0) {
    const [from, to] = STAGE_SPAN[call][progress.stage];
    value = from + ((to - from) * Math.min(progress.done, progress.total)) / progress.total;
    if (progress.stage === 'reading') text = `Reading row ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}…`;
    else if (progress.stage === 'checking') text = `Working out each row’s cost and the balance: ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} events…`;
    else text = `Saving${usages}…`;
  }
  return (
    <p className="import-usage__working" role="status">
      <progress aria-label={label} max={1} value={value} />
      <span>
        {text} ({Math.floor(value * 100)}%)
      </span>
    </p>
  );
}
