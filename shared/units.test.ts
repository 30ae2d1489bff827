import { describe, expect, it } from 'vitest';
import { CREDIT_UNITS, centsFromUsd, creditsDecimal, creditsFromDecimal, creditsToNumber, mulDivRound, type Credits } from './units.ts';

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
    [CREDIT_UNITS * 1_000_000_000 + 1200, '1000000000.3333'], // past 2^53 if scaled as a whole
  ])('%i units are %s credits', (units, text) => {
    expect(creditsDecimal(units as Credits)).toBe(text);
  });

  it('tells every unit of a credit apart', () => {
    const texts = new Set(Array.from({ length: CREDIT_UNITS }, (_, u) => creditsDecimal(u as Credits)));
    expect(texts.size).toBe(CREDIT_UNITS);
  });
});
