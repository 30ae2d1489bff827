/** Formatting at the edge and numbers as typed, in the renderer's own functions: tables, in a locale each. */
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanChoice } from '../shared/engine/pricing.ts';
import type { NoteSays } from '../shared/engine/state.ts';
import { centsOf, CREDIT_UNITS, creditsFromWhole, type IsoDate } from '../shared/units.ts';
import { noteText } from '../shared/wording.ts';
import { fmtCredits, fmtCreditsWhole, fmtDate, fmtInDays, fmtMoney, fmtMonth, fmtPrice, fmtUnitPrice, formatLocaleSet, numberParse, SCREEN_WORDS, todayIso } from './format.ts';

afterEach(() => formatLocaleSet(undefined));

describe('numberParse: a number as typed, by the shared rule', () => {
  it.each<[string, number | undefined, number | undefined]>([
    // [typed, read, read as a whole number]
    ['2,5', 2.5, undefined],
    ['2.5', 2.5, undefined],
    ['0,75', 0.75, undefined],
    ['3', 3, 3],
    [' 12 ', 12, 12],
    ['1.234,5', 1234.5, undefined],
    ['1,234.5', 1234.5, undefined],
    ['1 500', 1500, 1500],
    ['1,000,000', 1_000_000, 1_000_000],
    ['', undefined, undefined],
    ['   ', undefined, undefined],
    ['abc', undefined, undefined],
    ['2,5x', undefined, undefined],
    ['-3', undefined, undefined],
    ['1e3', undefined, undefined],
    ['1.2.3', undefined, undefined],
  ])('%j reads as %s (whole: %s)', (text, read, whole) => {
    expect(numberParse(text)).toBe(read);
    expect(numberParse(text, true)).toBe(whole);
  });

  it('a mark before exactly three digits is read as the page’s locale writes numbers; a whole number reads it as thousands', () => {
    const { decimal, group } = Object.fromEntries(new Intl.NumberFormat().formatToParts(12345.6).filter((p) => p.type === 'decimal' || p.type === 'group').map((p) => [p.type, p.value]));
    const comma = group === ',' ? 1500 : decimal === ',' ? 1.5 : undefined;
    expect([numberParse('1,500'), numberParse('1,500', true), numberParse('1.500', true)]).toEqual([comma, 1500, 1500]);
  });
});

describe('formats, in the locale set', () => {
  it.each([
    ['en-US', ['1,234.5', '0.33', '1,235', '$17.61', '$1,234,567.89', '$0.049', 'Nov 24, 2026', 'July 2026', 'today', 'tomorrow', 'in 4 days']],
    ['de-DE', ['1.234,5', '0,33', '1.235', '17,61\u00a0$', '1.234.567,89\u00a0$', '0,049\u00a0$', '24. Nov. 2026', 'Juli 2026', 'heute', 'morgen', 'in 4 Tagen']],
  ])('%s', (locale, expected) => {
    formatLocaleSet(locale);
    expect([
      fmtCredits(1234.5 * CREDIT_UNITS),
      fmtCredits(CREDIT_UNITS / 3),
      fmtCreditsWhole(1234.5 * CREDIT_UNITS),
      fmtMoney(1761),
      fmtMoney(123_456_789),
      fmtUnitPrice(4.9),
      fmtDate('2026-11-24'),
      fmtMonth('2026-07'),
      fmtInDays(0),
      fmtInDays(1),
      fmtInDays(4),
    ]).toEqual(expected);
  });

  it('credits are shown to the hundredth, a whole figure rounded, exact amounts without noise', () => {
    formatLocaleSet('en-US');
    expect([fmtCredits(0), fmtCredits(1), fmtCredits(0.2 * CREDIT_UNITS), fmtCredits(2000 * CREDIT_UNITS), fmtCreditsWhole(584.5 * CREDIT_UNITS), fmtCreditsWhole(CREDIT_UNITS / 3)]).toEqual(['0', '0', '0.2', '2,000', '585', '0']);
  });

  it('a date is the calendar day written, whatever the time zone (the 1st and the 31st stay in their month)', () => {
    formatLocaleSet('en-US');
    expect(['2026-01-01', '2026-01-31', '2028-02-29', '2026-12-31'].map(fmtDate)).toEqual(['Jan 1, 2026', 'Jan 31, 2026', 'Feb 29, 2028', 'Dec 31, 2026']);
    expect(['2026-01', '2026-12'].map(fmtMonth)).toEqual(['January 2026', 'December 2026']);
  });

  it('money in a sentence: whole dollars without the cents, in the locale', () => {
    formatLocaleSet('en-US');
    expect([fmtPrice(centsOf(4900)), fmtPrice(centsOf(1761)), fmtPrice(centsOf(430_000)), fmtPrice(centsOf(-500))]).toEqual(['$49', '$17.61', '$4,300', '-$5']);
    formatLocaleSet('de-DE');
    expect([fmtPrice(centsOf(4900)), fmtPrice(centsOf(1761))]).toEqual(['49\u00a0$', '17,61\u00a0$']);
  });

  it('the engine’s records are worded on screen with the locale’s dates, money and credits (SCREEN_WORDS)', () => {
    const pro: PlanChoice = { plan: 'pro', credits: 2000, billing: 'monthly', price: undefined };
    const upgraded: NoteSays = { code: 'upgraded', params: { plan: pro, charge: centsOf(2013), daysLeft: 16, days: 31, credits: creditsFromWhole(1000), fullFrom: '2026-02-10' as IsoDate } };
    formatLocaleSet('en-US');
    expect(noteText(upgraded, SCREEN_WORDS)).toBe('Upgrade to Pro 2,000 (monthly) at once: $20.13 prorated for 16 of 31 days, 1,000 more credits that day; the full allocation from Feb 10, 2026');
    formatLocaleSet('de-DE');
    expect(noteText(upgraded, SCREEN_WORDS)).toBe('Upgrade to Pro 2,000 (monthly) at once: 20,13\u00a0$ prorated for 16 of 31 days, 1.000 more credits that day; the full allocation from 10. Feb. 2026');
  });

  it('the locale set is kept, and undefined is the page’s own again', () => {
    formatLocaleSet('de-DE');
    expect(fmtMoney(100)).toBe('1,00\u00a0$');
    formatLocaleSet('en-US');
    expect(fmtMoney(100)).toBe('$1.00');
    formatLocaleSet('de-DE');
    expect(fmtMoney(100)).toBe('1,00\u00a0$');
    formatLocaleSet(undefined);
    expect(fmtMoney(100)).toBe(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(1));
  });

  it('many locales asked for in turn are each formatted as asked', () => {
    const locales = ['en-US', 'en-GB', 'de-DE', 'de-CH', 'fr-FR', 'fr-CA', 'es-ES', 'es-MX', 'it-IT', 'pt-BR', 'nl-NL', 'sv-SE', 'pl-PL', 'ja-JP', 'ko-KR', 'zh-CN', 'ru-RU', 'tr-TR', 'hi-IN', 'en-IN'];
    const shown = locales.map((locale) => {
      formatLocaleSet(locale);
      return fmtCredits(1234.5 * CREDIT_UNITS);
    });
    expect(shown).toEqual(locales.map((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(1234.5)));
  });

  it('todayIso is today’s calendar date in the local time zone, zero-padded', () => {
    const before = new Date();
    const today = todayIso();
    const after = new Date();
    // Swedish writes a date as YYYY-MM-DD, in the local time zone.
    expect([before, after].map((d) => d.toLocaleDateString('sv-SE'))).toContain(today);
  });
});
