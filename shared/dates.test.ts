import { describe, expect, it } from 'vitest';
import { dateAddDays, dateAddMonths, daysAfter, daysBetween, isIsoDate, monthStart } from './dates.ts';
import type { IsoDate } from './units.ts';

const d = (s: string) => s as IsoDate;

describe('isIsoDate', () => {
  it.each([
    ['2026-01-31', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00', false],
    ['', false],
    ['1999-12-31', false],
    ['3000-01-01', false],
    ['9999-12-31', false],
    ['2999-12-31', true],
  ])('%s → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe('dateAddMonths clamps to the month end', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-01-31', 2, '2026-03-31'],
    ['2026-01-31', 3, '2026-04-30'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-01-17', 12, '2027-01-17'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2028-02-29', 12, '2029-02-28'],
    ['0050-01-31', 1, '0050-02-28'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(dateAddMonths(d(from), months)).toBe(expected);
  });
});

describe('monthStart', () => {
  it.each([
    ['2026-03-31', '2026-03-01'],
    ['2026-03-01', '2026-03-01'],
    ['2028-02-29', '2028-02-01'],
  ])('%s is in the month from %s', (date, expected) => {
    expect(monthStart(d(date))).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-02-03', '2026-02-17', 14],
    ['2026-01-17', '2026-02-17', 31],
    ['2026-02-17', '2026-03-17', 28],
    ['2026-03-01', '2026-04-01', 31], // across a DST change in most zones
    ['2026-01-17', '2027-01-17', 365],
  ])('%s → %s = %i days', (from, to, days) => {
    expect(daysBetween(d(from), d(to))).toBe(days);
  });
});

describe('daysAfter', () => {
  it('lists the days after a date in order, across a leap day and a year end; none for 0', () => {
    expect(daysAfter('2024-02-27' as IsoDate, 3)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysAfter('2026-12-30' as IsoDate, 3)).toEqual(['2026-12-31', '2027-01-01', '2027-01-02']);
    expect(daysAfter('2026-03-01' as IsoDate, 400)).toEqual(Array.from({ length: 400 }, (_, k) => dateAddDays('2026-03-01' as IsoDate, k + 1)));
    expect(daysAfter('2026-03-01' as IsoDate, 0)).toEqual([]);
  });
});
