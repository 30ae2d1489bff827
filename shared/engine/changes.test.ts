import { describe, expect, it } from 'vitest';
import type { Cents, IsoDate } from '../units.ts';
import { chargesOnlyIn, type ChargeLine } from './changes.ts';
import type { ChargeReason } from './state.ts';

const addon: ChargeReason = { code: 'addon', params: { blocks: 1, credits: 100 } };
const renewal: ChargeReason = { code: 'slots-renewal', params: { slots: 1 } };
const c = (date: string, amount: number, reason: ChargeReason = addon): ChargeLine => ({ date: date as IsoDate, amount: amount as Cents, reason });

describe('chargesOnlyIn', () => {
  it.each<[string, ChargeLine[], ChargeLine[], ChargeLine[]]>([
    ['none before: all are new', [c('2026-02-03', 100)], [], [c('2026-02-03', 100)]],
    ['the same charge before: none is new', [c('2026-02-03', 100)], [c('2026-02-03', 100)], []],
    ['a second identical one the same day is a charge of its own', [c('2026-02-03', 100), c('2026-02-03', 100)], [c('2026-02-03', 100)], [c('2026-02-03', 100)]],
    ['another day, amount or reason is another charge', [c('2026-02-04', 100), c('2026-02-03', 200), c('2026-02-03', 100, renewal)], [c('2026-02-03', 100)], [c('2026-02-04', 100), c('2026-02-03', 200), c('2026-02-03', 100, renewal)]],
  ])('%s', (_, a, b, only) => {
    expect(chargesOnlyIn(a, b)).toEqual(only);
  });
});
