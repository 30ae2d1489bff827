/** The rule shared by usage events and project lines: a time feature takes a length, a unit feature a count. */
import type { z } from 'zod';
import { RATE_CARD_2026_11, rateOf } from '../catalog/rateCard.ts';

export interface Measured {
  readonly feature: string;
  readonly minutes?: number | undefined;
  readonly seconds?: number | undefined;
  readonly count?: number | undefined;
}

export function checkMeasure(line: Measured, ctx: z.RefinementCtx): void {
  const rate = rateOf(RATE_CARD_2026_11, line.feature);
  if (!rate) return;
  const given = (['minutes', 'seconds', 'count'] as const).filter((k) => line[k] !== undefined);
  if (rate.basis.kind === 'count') {
    for (const key of given.filter((k) => k !== 'count')) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${line.feature} is counted per ${rate.basis.label}: use count, not ${key}` });
    }
    if (line.count === undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: `required: how many (${line.feature} costs ${rate.credits} per ${rate.basis.label})` });
    return;
  }
  if (line.count !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['count'], message: `${line.feature} is billed by time: use minutes or seconds, not count` });
  }
  if (line.minutes !== undefined && line.seconds !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['seconds'], message: 'give minutes or seconds, not both' });
  }
  if (line.minutes === undefined && line.seconds === undefined) {
    ctx.addIssue({ code: 'custom', path: ['minutes'], message: `required: the length, as minutes or seconds (${line.feature} costs ${rate.credits} per ${rate.basis.label})` });
  }
}
