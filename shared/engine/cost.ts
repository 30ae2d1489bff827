/** What a usage or a project line costs, in exact credit units. */
import type { RateCard, Rounding } from '../catalog/rateCard.ts';
import { rateOf } from '../catalog/rateCard.ts';
import { CREDIT_UNITS, creditsOf, type Credits } from '../units.ts';

export interface Measure {
  readonly feature: string;
  readonly minutes?: number | undefined;
  readonly seconds?: number | undefined;
  readonly count?: number | undefined;
  readonly videos?: number | undefined;
}

const ROUND_TO: Record<Rounding, number> = { none: 1, 'half-credit': CREDIT_UNITS / 2, credit: CREDIT_UNITS };

/** Length of one video in whole seconds (billing is to the second). */
export function measureSeconds(m: Measure): number {
  const raw = m.seconds ?? (m.minutes ?? 0) * 60;
  return Math.max(1, Math.round(raw));
}

/** Cost of one generation (one video of the line), before rounding. */
function generationCost(card: RateCard, m: Measure): number {
  const rate = rateOf(card, m.feature);
  if (!rate) throw new Error(`no rate for ${m.feature}: the input was not validated`);
  if (rate.basis.kind === 'count') return (m.count ?? 1) * rate.credits * CREDIT_UNITS;
  return (measureSeconds(m) * rate.credits * CREDIT_UNITS) / rate.basis.perSeconds;
}

/** Credits for a usage or line: each generation's cost (rounded up if the card says so) × videos. */
export function measureCost(card: RateCard, m: Measure, rounding: Rounding = card.rounding): Credits {
  const step = ROUND_TO[rounding];
  const each = Math.ceil(generationCost(card, m) / step) * step;
  return creditsOf(each * (m.videos ?? 1));
}
