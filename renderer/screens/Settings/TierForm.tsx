import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { AppError } from '../../../shared/errors.ts';
import { proTierSchema, type ProTier } from '../../../shared/formats/account.ts';
import { issuesFromZod } from '../../../shared/formats/issues.ts';
import { numberRead } from '../../../shared/formats/typed.ts';
import { FormError } from '../../components/FormError/FormError.tsx';
import { Conflict, isStale } from '../../components/Conflict/Conflict.tsx';
import { useStore } from '../../store/store.ts';

interface TierValues {
  readonly credits: string;
  readonly monthly: string;
  readonly annual: string;
}

/** A price seen at checkout, as typed (numbers by the shared rule), checked by the account file's own tier schema. */
const tierFormSchema = z.object({ credits: z.string(), monthly: z.string(), annual: z.string() }).transform((v, ctx): ProTier => {
  const tier: Record<string, number> = {};
  for (const [name, key, whole] of [['credits', 'credits', true], ['monthly', 'monthly', false], ['annual', 'annualMonthly', false]] as const) {
    if (name === 'annual' && v.annual.trim() === '') continue;
    const read = numberRead(v[name], { whole });
    // Each field is checked on its own by the tier schema's rule for it, so every problem shows at once.
    const checked = read.ok ? proTierSchema.shape[key].safeParse(read.value) : null;
    if (!read.ok) ctx.addIssue({ code: 'custom', path: [name], message: read.message });
    else if (checked && !checked.success) ctx.addIssue({ code: 'custom', path: [name], message: issuesFromZod(checked.error, read.value)[0]!.message });
    else tier[key] = read.value;
  }
  if (ctx.issues.length > 0) return z.NEVER;
  const whole = proTierSchema.safeParse(tier);
  if (whole.success) return whole.data;
  for (const issue of issuesFromZod(whole.error, tier)) ctx.addIssue({ code: 'custom', path: ['credits'], message: issue.message });
  return z.NEVER;
});

export type Props = {
  readonly tiers: readonly ProTier[];
  /** The account's revision the tiers shown are of: a save from them is refused if another window changed the prices since. */
  readonly revision: number;
};

/** Add (or replace) the price of a Pro tier, as seen at checkout. */
export function TierForm({ tiers, revision }: Props) {
  const change = useStore((s) => s.change);
  const load = useStore((s) => s.load);
  const [error, setError] = useState<AppError | null>(null);
  /** The price list this form saved, refused as stale: Overwrite saves it anyway. */
  const [refused, setRefused] = useState<readonly ProTier[] | null>(null);
  const { register, handleSubmit, reset, formState, trigger } = useForm<TierValues, unknown, ProTier>({
    resolver: zodResolver(tierFormSchema),
    mode: 'onChange',
    defaultValues: { credits: '', monthly: '', annual: '' },
  });
  useEffect(() => {
    void trigger();
  }, [trigger]);

  async function saveTiers(proTiers: readonly ProTier[], force: boolean) {
    const err = await change('catalog-update', { proTiers: [...proTiers], revision, ...(force ? { force } : {}) });
    setError(err);
    setRefused(isStale(err, 'catalog') ? proTiers : null);
    if (!err) reset();
  }

  const save = (tier: ProTier) => saveTiers([...tiers.filter((t) => t.credits !== tier.credits), tier].sort((a, b) => a.credits - b.credits), false);

  async function reload() {
    await load();
    setError(null);
    setRefused(null);
    reset();
  }

  function field(name: keyof TierValues, label: string, placeholder: string) {
    const message = formState.dirtyFields[name] ? formState.errors[name]?.message : undefined;
    return (
      <label>
        {label}
        <input inputMode={name === 'credits' ? 'numeric' : 'decimal'} autoComplete="off" placeholder={placeholder} {...register(name)} aria-invalid={message !== undefined} aria-describedby={`tier-${name}-error`} />
        <span className="field-error" id={`tier-${name}-error`}>
          {message}
        </span>
      </label>
    );
  }

  return (
    <form className="inline-form" aria-label="Add a tier price" onSubmit={(e) => void handleSubmit(save)(e)} noValidate>
      {field('credits', 'Credits a month', '2000')}
      {field('monthly', 'Monthly (USD)', '88')}
      {field('annual', 'Annual, per month (USD)', 'optional')}
      <button type="submit" disabled={!formState.isValid || formState.isSubmitting}>
        Save price
      </button>
      {refused && isStale(error, 'catalog') ? <Conflict error={error} onReload={() => void reload()} onOverwrite={() => void saveTiers(refused, true)} /> : <FormError error={error} />}
    </form>
  );
}
