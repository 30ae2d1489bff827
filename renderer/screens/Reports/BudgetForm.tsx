import { useState, type FormEvent } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import { numberRead } from '../../../shared/formats/typed.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { useStore } from '../../store/store.ts';

export type Props = { readonly cents: number | null };

/** Dollars as typed ("49", "49.50", "49,50", "$1,500"), read by the shared rule, in cents; null for an empty field, NaN for anything else. */
function centsTyped(text: string): number | null {
  const t = text.trim().replace(/^\$/, '');
  if (t === '') return null;
  const read = numberRead(t);
  const cents = read.ok ? Math.round(read.value * 100) : Number.NaN;
  return read.ok && Math.abs(cents - read.value * 100) < 1e-6 ? cents : Number.NaN;
}

/** The monthly budget: typed in dollars, saved with the settings, empty for none. */
export function BudgetForm({ cents }: Props) {
  const change = useStore((s) => s.change);
  const [text, setText] = useState(cents === null ? '' : (cents / 100).toFixed(2));
  const [error, setError] = useState<AppError | null>(null);
  async function save(e: FormEvent) {
    e.preventDefault();
    const value = centsTyped(text);
    if (Number.isNaN(value)) return setError({ code: 'invalid-input', message: 'Monthly budget: type an amount in dollars, like 49 or 49.50, or leave it empty for none.', field: 'monthlyBudget' });
    setError(await change('settings-update', { monthlyBudget: value }));
  }
  return (
    <form className="inline-form budget-form" onSubmit={(e) => void save(e)} aria-label="Monthly budget">
      <label>
        Monthly budget ($, empty for none)
        <input inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit">Save budget</button>
      <FormError error={error} />
    </form>
  );
}
