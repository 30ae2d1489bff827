/** Numbers and lengths as people type them: one rule for the forms, the import and the command line. */
import { describe, expect, it } from 'vitest';
import { lengthRead, lengthSeconds, numberRead, separatorsRead } from './typed.ts';

const value = (r: ReturnType<typeof numberRead>) => (r.ok ? r.value : r.message);

describe('numberRead', () => {
  it.each<[string, string | null | undefined, number | string]>([
    ['2.5', 'en-US', 2.5],
    ['2,5', 'en-US', 2.5],
    ['3,5', 'en-US', 3.5],
    ['2,5', 'de-DE', 2.5],
    ['1,500', 'en-US', 1500],
    ['1,500', 'de-DE', 1.5],
    ['1.500', 'en-US', 1.5],
    ['1.500', 'de-DE', 1500],
    ['1,234.5', 'de-DE', 1234.5],
    ['1.234,5', 'en-US', 1234.5],
    ['1,000,000', 'en-US', 1_000_000],
    ['1 500', 'fr-FR', 1500],
    ['1\u202f500,25', 'fr-FR', 1500.25],
    ['0,500', null, 0.5],
    ['1500,000', null, 1500],
    ['1,500', null, '"1,500" could be 1500 or 1.5; type 1500 or 1.5'],
    ['1.500', null, 1.5],
    ['1.500', 'fr-FR', '"1.500" could be 1500 or 1.5; type 1500 or 1.5'],
    ['', 'en-US', 'required; type a number, like 2.5'],
    ['abc', 'en-US', '"abc" is not a number; type a number, like 2.5'],
    ['1.2.3', 'en-US', '"1.2.3" is not a number; type a number, like 2.5'],
    ['1,23,4', 'en-US', '"1,23,4" is not a number; type a number, like 2.5'],
    ['2.', 'en-US', '"2." is not a number; type a number, like 2.5'],
    ['-5', 'en-US', 'must not be negative'],
    ['1e3', 'en-US', '"1e3" is not a number; type a number, like 2.5'],
    ['2.5', 'de-DE', 2.5],
    ['1,234,567.5', 'en-US', 1_234_567.5],
    ['1.234.567,5', 'de-DE', 1_234_567.5],
    ['1,000,000.25', 'de-DE', 1_000_000.25],
    ['1.000.000', 'en-US', 1_000_000],
    ['1,234.5,6', 'en-US', '"1,234.5,6" is not a number; type a number, like 2.5'],
    ['1,500.5.5', 'en-US', '"1,500.5.5" is not a number; type a number, like 2.5'],
    ['1,234,56', 'en-US', '"1,234,56" is not a number; type a number, like 2.5'],
    ['12,500', 'en-US', 12_500],
    ['12,500', null, '"12,500" could be 12500 or 12.5; type 12500 or 12.5'],
    ['123,500', null, '"123,500" could be 123500 or 123.5; type 123500 or 123.5'],
    ['1234,567', 'en-US', 1234.567],
    ['01,500', null, 1.5],
    ['1 5.250', null, 15.25],
    ["1'500", 'de-CH', 1500],
    ['5-3', 'en-US', '"5-3" is not a number; type a number, like 2.5'],
    ['- 5', 'en-US', 'must not be negative'],
    ['−5', 'en-US', 'must not be negative'],
  ])('%s in %s → %s', (text, locale, expected) => {
    expect(value(numberRead(text, { locale }))).toBe(expected);
  });

  it('whole numbers: a mark before three digits groups thousands, a decimal is refused', () => {
    expect(value(numberRead('1,500', { locale: null, whole: true }))).toBe(1500);
    expect(value(numberRead('1.500', { locale: 'en-US', whole: true }))).toBe(1500);
    expect(value(numberRead('2.5', { locale: 'en-US', whole: true }))).toBe('"2.5" is not a whole number; type a whole number, like 2');
    expect(value(numberRead('two', { locale: 'en-US', whole: true }))).toBe('"two" is not a whole number; type a whole number, like 2');
  });

  it.each<[string, number | string]>([
    ['12,345,678', 12_345_678],
    ['123,456.5', 123_456.5],
    ['1234,567,890', '"1234,567,890" is not a number; type a number, like 2.5'],
    ['1,2345,678', '"1,2345,678" is not a number; type a number, like 2.5'],
    ['12,34.5', '"12,34.5" is not a number; type a number, like 2.5'],
    ['1,234,5678.5', '"1,234,5678.5" is not a number; type a number, like 2.5'],
  ])('thousands: a first group of one to three digits, then groups of exactly three: %s → %s', (text, expected) => {
    expect(value(numberRead(text, { locale: 'en-US' }))).toBe(expected);
  });

  it('a number too large to hold is not a number, grouped or not', () => {
    const huge = `1${'0'.repeat(400)}`;
    expect(value(numberRead(huge, { locale: 'en-US' }))).toBe(`"${huge}" is not a number; type a number, like 2.5`);
    const grouped = `1${',000'.repeat(110)}`;
    expect(value(numberRead(grouped, { locale: 'en-US' }))).toBe(`"${grouped}" is not a number; type a number, like 2.5`);
    expect(value(numberRead(grouped, { locale: 'en-US', whole: true }))).toBe(`"${grouped}" is not a whole number; type a whole number, like 2`);
  });
});

describe('separatorsRead', () => {
  it.each<[string, { decimal: string; group: string }]>([
    ['en-US', { decimal: '.', group: ',' }],
    ['de-DE', { decimal: ',', group: '.' }],
    ['fr-FR', { decimal: ',', group: '\u202f' }],
    ['de-CH', { decimal: '.', group: "'" }],
    ['ee', { decimal: '.', group: ',' }],
  ])('%s', (locale, separators) => {
    expect(separatorsRead(locale)).toEqual(separators);
  });
});

describe('lengthRead', () => {
  /** A length typed where minutes go and no locale applies: its value, or the message. */
  const inMinutes = (text: string) => {
    const r = lengthRead(text, { unit: 'minutes', locale: null });
    return r.ok ? r.value : r.message;
  };

  it.each<[string, 'minutes' | 'seconds', object | string]>([
    ['2', 'minutes', { minutes: 2 }],
    ['2.5', 'minutes', { minutes: 2.5 }],
    ['2,5', 'minutes', { minutes: 2.5 }],
    ['8', 'seconds', { seconds: 8 }],
    ['90s', 'minutes', { seconds: 90 }],
    ['90 sec', 'minutes', { seconds: 90 }],
    ['1:30', 'minutes', { seconds: 90 }],
    ['1:02:03', 'minutes', { seconds: 3723 }],
    ['1h 5m', 'minutes', { seconds: 3900 }],
    ['1h5m30s', 'minutes', { seconds: 3930 }],
    ['2 min', 'seconds', { minutes: 2 }],
    ['2 minutes', 'minutes', { minutes: 2 }],
    ['1.5h', 'minutes', { minutes: 90 }],
    ['1,5 h', 'minutes', { minutes: 90 }],
    ['1:75', 'minutes', '"1:75" is not a time on a clock; minutes and seconds go up to 59'],
    ['abc', 'minutes', '"abc" is not a length; type minutes like 2.5, or 90s, 1:30, 1h 5m'],
    ['2 parsecs', 'minutes', '"2 parsecs" is not a length; type minutes like 2.5, or 90s, 1:30, 1h 5m'],
    ['1m 2m', 'minutes', '"1m 2m" is not a length; type minutes like 2.5, or 90s, 1:30, 1h 5m'],
    ['', 'seconds', 'required; type seconds like 90, or 90s, 1:30, 1h 5m'],
    ['1,500', 'minutes', '"1,500" could be 1500 or 1.5; type 1500 or 1.5'],
  ])('%s (%s) → %j', (text, unit, expected) => {
    const r = lengthRead(text, { unit, locale: null });
    expect(r.ok ? r.value : r.message).toEqual(expected);
  });

  it.each<[string, object | string]>([
    [' 1:30 ', { seconds: 90 }],
    ['75:00', { seconds: 4500 }],
    ['10:00:00', { seconds: 36_000 }],
    ['1:59:59', { seconds: 7199 }],
    ['1:60', '"1:60" is not a time on a clock; minutes and seconds go up to 59'],
    ['1:60:00', '"1:60:00" is not a time on a clock; minutes and seconds go up to 59'],
    ['x1:30', '"x1:30" is not a length; type minutes like 2.5, or 90s, 1:30, 1h 5m'],
    ['1:30x', '"1:30x" is not a length; type minutes like 2.5, or 90s, 1:30, 1h 5m'],
  ])('a clock: minutes and seconds, hours before them if any: %j → %j', (text, expected) => {
    expect(inMinutes(text)).toEqual(expected);
  });

  it.each(['x5', '5m!', '1h 5m later'])('text around the amounts is not a length: %s', (text) => {
    expect(inMinutes(text)).toBe(`"${text}" is not a length; type minutes like 2.5, or 90s, 1:30, 1h 5m`);
  });

  it('an amount with a unit is read in the locale given, as a bare number is', () => {
    const de = lengthRead('1.500 s', { unit: 'minutes', locale: 'de-DE' });
    expect(de.ok ? de.value : de.message).toEqual({ seconds: 1500 });
    const none = lengthRead('1,500 s', { unit: 'minutes', locale: null });
    expect(none.ok ? none.value : none.message).toBe('"1,500" could be 1500 or 1.5; type 1500 or 1.5');
  });
});

describe('lengthSeconds', () => {
  it('minutes in seconds, seconds as they are', () => {
    expect(lengthSeconds({ minutes: 2.5 })).toBe(150);
    expect(lengthSeconds({ seconds: 90 })).toBe(90);
  });
});
