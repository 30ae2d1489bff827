/**
 * The "record a change" form's values: one set per kind of change, so nothing
 * typed for one kind is ever offered for another (a balance of 2,000 is never
 * 2,000 add-on blocks). The zod schema reads the numbers by the shared rule and
 * checks the event with the account file's own schema, each problem put on the
 * field it is about.
 */
import { z } from 'zod';
import type { PlanStatus } from '../../../shared/engine/ledger.ts';
import { accountEventSchema, type AccountEvent } from '../../../shared/formats/account.ts';
import { issuesFromZod } from '../../../shared/formats/issues.ts';
import { numberRead } from '../../../shared/formats/typed.ts';
import { todayIso } from '../../format.ts';

export const KINDS = [
  { kind: 'change-plan', key: 'changePlan', label: 'Change plan (upgrade, downgrade, billing)' },
  { kind: 'balance-check', key: 'balanceCheck', label: 'Balance check (what HeyGen shows)' },
  { kind: 'pause', key: 'pause', label: 'Pause (next charge 30 days later)' },
  { kind: 'cancel', key: 'cancel', label: 'Cancel (to Free at the end of the period)' },
  { kind: 'avatar-slots', key: 'avatarSlots', label: 'Avatar slots' },
  { kind: 'seats', key: 'seats', label: 'Business seats', business: true },
  { kind: 'addon', key: 'addon', label: 'Buy add-on credits', business: true },
  { kind: 'auto-reload', key: 'autoReload', label: 'Auto-reload', business: true },
] as const;

export type Kind = (typeof KINDS)[number]['kind'];
type Billing = 'monthly' | 'annual';

export interface EventValues {
  readonly kind: Kind;
  readonly changePlan: { readonly date: string; readonly plan: string; readonly credits: string; readonly billing: Billing; readonly price: string };
  readonly balanceCheck: { readonly date: string; readonly balance: string };
  readonly pause: { readonly date: string };
  readonly cancel: { readonly date: string };
  readonly avatarSlots: { readonly date: string; readonly count: string; readonly billing: Billing };
  readonly seats: { readonly date: string; readonly count: string };
  readonly addon: { readonly date: string; readonly blocks: string };
  /** `off`: auto-reload stops (FORMATS.md: `blocks: 0`); blocks and threshold are not asked. */
  readonly autoReload: { readonly date: string; readonly reload?: 'on' | 'off'; readonly blocks: string; readonly threshold: string };
}

export type KindKey = Exclude<keyof EventValues, 'kind'>;

export function keyOf(kind: Kind): KindKey {
  return KINDS.find((k) => k.kind === kind)!.key;
}

/** The form's values before anything is typed: no plan, no count, nothing to record yet (the date is today, the billing the plan's). */
export function eventDefaults(plan: PlanStatus | null): EventValues {
  const date = todayIso();
  const billing = plan?.choice.billing ?? 'monthly';
  return {
    kind: 'change-plan',
    changePlan: { date, plan: '', credits: '', billing, price: '' },
    balanceCheck: { date, balance: '' },
    pause: { date },
    cancel: { date },
    avatarSlots: { date, count: '', billing },
    seats: { date, count: '' },
    addon: { date, blocks: '' },
    autoReload: { date, reload: 'on', blocks: '1', threshold: '200' },
  };
}

const text = z.string();
const billing = z.enum(['monthly', 'annual']);

/** Which fields hold numbers, and whether whole. */
const NUMBERS: Readonly<Record<string, boolean>> = { credits: true, price: false, balance: false, count: true, blocks: true, threshold: false };

export const eventFormSchema = z
  .object({
    kind: z.enum(KINDS.map((k) => k.kind) as [Kind, ...Kind[]]),
    changePlan: z.object({ date: text, plan: text, credits: text, billing, price: text }),
    balanceCheck: z.object({ date: text, balance: text }),
    pause: z.object({ date: text }),
    cancel: z.object({ date: text }),
    avatarSlots: z.object({ date: text, count: text, billing }),
    seats: z.object({ date: text, count: text }),
    addon: z.object({ date: text, blocks: text }),
    // `reload` optional: a draft kept from before the form asked it reads as on.
    autoReload: z.object({ date: text, reload: z.enum(['on', 'off']).optional(), blocks: text, threshold: text }),
  })
  .transform((v, ctx): AccountEvent => {
    const key = keyOf(v.kind);
    const fields: Record<string, string> = { ...v[key] };
    const event: Record<string, unknown> = { type: v.kind, date: fields.date };
    if (v.kind === 'change-plan') {
      const plan = fields.plan!;
      event.plan = plan;
      event.billing = fields.billing;
      if (plan !== 'pro' && plan !== 'enterprise') delete fields.credits;
      if (plan !== 'enterprise' && (plan !== 'legacy' || fields.price!.trim() === '')) delete fields.price;
    }
    if (v.kind === 'auto-reload' && fields.reload === 'off') {
      Object.assign(event, { blocks: 0, threshold: 0 });
      delete fields.blocks;
      delete fields.threshold;
    }
    delete fields.reload;
    for (const [name, value] of Object.entries(fields)) {
      const whole = NUMBERS[name];
      if (whole === undefined) {
        if (name === 'billing') event.billing = value;
        continue;
      }
      const read = numberRead(value, { whole });
      if (read.ok) event[name] = read.value;
      else ctx.addIssue({ code: 'custom', path: [key, name], message: read.message });
    }
    if (ctx.issues.length > 0) return z.NEVER;
    const checked = accountEventSchema.safeParse(event);
    if (!checked.success) {
      for (const issue of issuesFromZod(checked.error, event)) {
        const field = issue.path.split(/[.[]/)[0]!;
        ctx.addIssue({ code: 'custom', path: field in fields ? [key, field] : ['kind'], message: issue.message });
      }
      return z.NEVER;
    }
    return checked.data;
  });
