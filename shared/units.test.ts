import { describe, expect, it } from 'vitest';
import {
  CREDIT_UNITS,
  centsAdd,
  centsFromUsd,
  centsMulDiv,
  centsOf,
  centsSub,
  centsTimes,
  creditsAdd,
  creditsDecimal,
  creditsFromDecimal,
  creditsMax,
  creditsMin,
  creditsNeg,
  creditsOf,
  creditsRound,
  creditsScale,
  creditsShort,
  creditsSub,
  creditsSum,
  creditsTimes,
  creditsToNumber,
  mulDivRound,
  ZERO_CENTS,
  ZERO_CREDITS,
  type Credits,
} from './units.ts';

describe('mulDivRound', () => {
  it.each([
    [3900, 14, 31, 1761], // 39 × 14/31 = 17.6129 → $17.61
    [425100, 15, 28, 227732], // 4251 × 15/28 = 2277.32
    [1, 1, 2, 1], // half rounds away from zero
    [-1, 1, 2, -1],
    [3, 1, 3, 1],
    [0, 5, 7, 0],
    [100, 0, 31, 0],
  ])('%i × %i / %i = %i', (value, num, den, expected) => {
    expect(mulDivRound(value, num, den)).toBe(expected);
  });
});

describe('credit units', () => {
  it('holds 1/3 credit exactly: three one-second Avatar IV generations make one credit', () => {
    const oneSecond = (20 * CREDIT_UNITS) / 60;
    expect(Number.isInteger(oneSecond)).toBe(true);
    expect(creditsToNumber((oneSecond * 3) as never)).toBe(1);
  });

  it.each([
    [1790.5, 6445800],
    [0.01, 36],
    [0.2, 720],
    [1234.56, 4444416],
  ])('a typed balance %d is %i units, exactly', (typed, units) => {
    expect(creditsFromDecimal(typed)).toBe(units);
  });

  it('sums 10,000 entries of 0.2 credits to exactly 2,000', () => {
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += creditsFromDecimal(0.2);
    expect(creditsToNumber(total as never)).toBe(2000);
  });

  it.each([
    [29, 2900],
    [17.61, 1761],
    [0.1 + 0.2, 30],
  ])('$%d is %i cents', (usd, cents) => {
    expect(centsFromUsd(usd)).toBe(cents);
  });
});

describe('creditsDecimal', () => {
  it.each([
    [0, '0'],
    [CREDIT_UNITS * 12, '12'],
    [1200, '0.3333'], // a third: rounded to 4 decimals
    [2400, '0.6667'],
    [1260, '0.35'], // 7 s of Avatar III, exact
    [CREDIT_UNITS * 1234 + 1800, '1234.5'],
    [1, '0.0003'],
    [CREDIT_UNITS - 1, '0.9997'],
    [-5400, '-1.5'],
    [-1, '-0.0003'],
    [-CREDIT_UNITS * 2, '-2'],
    [CREDIT_UNITS * 1_000_000_000 + 1200, '1000000000.3333'], // past 2^53 if scaled as a whole
  ])('%i units are %s credits', (units, text) => {
    expect(creditsDecimal(units as Credits)).toBe(text);
  });

  it('tells every unit of a credit apart', () => {
    const texts = new Set(Array.from({ length: CREDIT_UNITS }, (_, u) => creditsDecimal(u as Credits)));
    expect(texts.size).toBe(CREDIT_UNITS);
  });
});

describe('credit arithmetic stays in whole units', () => {
  const c = creditsOf;
  it.each([
    ['creditsAdd', () => creditsAdd(c(3600), c(1260)), 4860],
    ['creditsSub', () => creditsSub(c(1260), c(3600)), -2340],
    ['creditsNeg', () => creditsNeg(c(-2340)), 2340],
    ['creditsSum', () => creditsSum([c(1), c(2), c(3600)]), 3603],
    ['creditsSum of none', () => creditsSum([]), 0],
    ['creditsMin', () => creditsMin(c(5), c(-5)), -5],
    ['creditsMax', () => creditsMax(c(5), c(-5)), 5],
    ['creditsShort: need over have', () => creditsShort(c(5000), c(3600)), 1400],
    ['creditsShort: covered', () => creditsShort(c(3600), c(5000)), 0],
    ['creditsTimes', () => creditsTimes(c(1260), 3), 3780],
    ['creditsScale: a retry factor, rounded', () => creditsScale(c(1001), 1.5), 1502],
    ['creditsRound', () => creditsRound(2.5), 3],
    ['ZERO_CREDITS', () => ZERO_CREDITS, 0],
  ])('%s', (_, value, expected) => {
    expect(value()).toBe(expected);
  });
});

describe('money arithmetic stays in whole cents', () => {
  it.each([
    ['centsAdd', () => centsAdd(centsOf(2900), centsOf(1761)), 4661],
    ['centsSub', () => centsSub(centsOf(1761), centsOf(2900)), -1139],
    ['centsTimes: 12 months', () => centsTimes(centsOf(2400), 12), 28800],
    ['centsMulDiv: $39 prorated 14 of 31 days', () => centsMulDiv(3900, 14, 31), 1761],
    ['centsMulDiv: half a cent rounds away from zero', () => centsMulDiv(-1, 1, 2), -1],
    ['ZERO_CENTS', () => ZERO_CENTS, 0],
  ])('%s', (_, value, expected) => {
    expect(value()).toBe(expected);
  });
});
