/** The usage form's values as typed, turned into the API's usage (or a problem next to its field): tables. */
import { describe, expect, it } from 'vitest';
import { RATE_CARD_2026_11, rateOf, type Rate } from '../../../shared/catalog/rateCard.ts';
import { todayIso } from '../../format.ts';
import { dateAhead, lengthText, lengthUnit, usageDefaults, usageFormSchema, usageValuesOf, type UsageValues } from './usageValues.ts';

const typed = (values: Partial<UsageValues>): UsageValues => ({ feature: 'avatar-iv', length: '2.5', count: '1', videos: '1', project: '', member: '', date: '2026-03-01', ...values });
const rate = (id: string): Rate => rateOf(RATE_CARD_2026_11, id)!;

/** What the form makes of the values: the usage, or each problem as [field, message]. */
function read(values: Partial<UsageValues>) {
  const r = usageFormSchema.safeParse(typed(values));
  return r.success ? r.data : r.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('usageFormSchema: what a typed usage becomes', () => {
  it.each<[string, Partial<UsageValues>, object]>([
    ['2.5 minutes', { length: '2.5' }, { minutes: 2.5 }],
    ['2,5 minutes (a decimal comma), not 25', { length: '2,5' }, { minutes: 2.5 }],
    ['90s', { length: '90s' }, { seconds: 90 }],
    ['1:30 on a clock', { length: '1:30' }, { seconds: 90 }],
    ['1h 5m', { length: '1h 5m' }, { seconds: 3900 }],
    ['1.5h, kept in minutes', { length: '1.5h' }, { minutes: 90 }],
    ['2 min', { length: '2 min' }, { minutes: 2 }],
    ['a bare number in seconds for a feature billed by the second', { feature: 'seedance2', length: '12' }, { feature: 'seedance2', seconds: 12 }],
    ['a count for a feature billed per generation', { feature: 'veo3', count: '3', length: '' }, { feature: 'veo3', count: 3 }],
    ['a count typed with a thousands separator', { feature: 'image-asset', count: '1,200', length: '' }, { feature: 'image-asset', count: 1200 }],
    ['videos', { feature: 'translation', videos: '3' }, { feature: 'translation', minutes: 2.5, videos: 3 }],
    ['videos left empty: one', { videos: '' }, { minutes: 2.5, videos: 1 }],
    ['a project, trimmed', { project: '  Launch video ' }, { minutes: 2.5, project: 'Launch video' }],
    ['a member, trimmed (the account writes them as it knows them)', { member: ' ana ' }, { minutes: 2.5, by: 'ana' }],
  ])('%s', (_what, values, expected) => {
    expect(read(values)).toEqual({ date: '2026-03-01', feature: 'avatar-iv', videos: 1, ...expected });
  });

  it('a blank project is left out, not saved as an empty name', () => {
    expect(read({ project: '   ' })).not.toHaveProperty('project');
  });

  it('a blank member is no member: the usage names nobody', () => {
    expect(read({ member: '   ' })).not.toHaveProperty('by');
  });

  it.each<[string, Partial<UsageValues>, [string, string][]]>([
    ['no length', { length: '' }, [['length', 'required; type minutes like 2.5, or 90s, 1:30, 1h 5m']]],
    ['letters for a length', { length: 'abc' }, [['length', '"abc" is not a length; type minutes like 2.5, or 90s, 1:30, 1h 5m']]],
    ['no length, for a feature billed by the second', { feature: 'seedance2', length: '' }, [['length', 'required; type seconds like 90, or 90s, 1:30, 1h 5m']]],
    ['a length of 0', { length: '0' }, [['length', 'must be greater than 0']]],
    ['a clock past 59 seconds', { length: '1:75' }, [['length', '"1:75" is not a time on a clock; minutes and seconds go up to 59']]],
    ['a count that is not whole', { feature: 'veo3', count: '2.5' }, [['count', '"2.5" is not a whole number; type a whole number, like 2']]],
    ['videos that are not a number', { videos: 'x' }, [['videos', '"x" is not a whole number; type a whole number, like 2']]],
    ['0 videos', { videos: '0' }, [['videos', 'must be at least 1']]],
    ['a feature not on the rate card', { feature: 'avatar-vii' }, [['feature', 'pick a feature from the list']]],
    ['a member of more than 64 characters', { member: 'x'.repeat(65) }, [['member', 'must be at most 64 characters']]],
    ['a day that is not in the calendar', { date: '2026-02-30' }, [['date', 'must be a calendar date YYYY-MM-DD (years 2000 to 2999), not "2026-02-30"']]],
    ['a bad length and bad videos: both said', { length: 'soon', videos: 'two' }, [['length', '"soon" is not a length; type minutes like 2.5, or 90s, 1:30, 1h 5m'], ['videos', '"two" is not a whole number; type a whole number, like 2']]],
  ])('%s: said next to its field', (_what, values, problems) => {
    expect(read(values)).toEqual(problems);
  });
});

describe('the length field', () => {
  it.each<[string, 'minutes' | 'seconds', string, string]>([
    // [feature, a bare number means, 2.5 minutes shown, 90 seconds shown]
    ['avatar-iv', 'minutes', '2.5', '90s'],
    ['translation', 'minutes', '2.5', '90s'],
    ['seedance2', 'seconds', '2.5 min', '90'],
    ['veo3', 'minutes', '2.5', '90s'],
  ])('%s: a bare number is %s; saved lengths show as %s and %s', (id, unit, minutes, seconds) => {
    expect(lengthUnit(rate(id))).toBe(unit);
    expect(lengthText({ minutes: 2.5 }, rate(id))).toBe(minutes);
    expect(lengthText({ seconds: 90 }, rate(id))).toBe(seconds);
    expect(lengthText({}, rate(id))).toBe('');
  });

  it('a saved length shown in the field reads back as the same length', () => {
    for (const [id, saved] of [['avatar-iv', { minutes: 2.5 }], ['avatar-iv', { seconds: 90 }], ['seedance2', { seconds: 12 }], ['seedance2', { minutes: 1.5 }]] as const) {
      expect(read({ feature: id, length: lengthText(saved, rate(id)) })).toMatchObject(saved);
    }
  });
});

it('a new form: Avatar IV, one video, today, the rest empty', () => {
  expect(usageDefaults()).toEqual({ feature: 'avatar-iv', length: '', count: '1', videos: '1', project: '', member: '', date: todayIso() });
  expect(usageDefaults('Ana')).toMatchObject({ member: 'Ana' });
});

describe('usageFormSchema: what the usage form saves', () => {
  it('a per-generation feature is counted in generations alone: a videos value left from a timed feature is not multiplied in', () => {
    const parsed = usageFormSchema.parse({ ...usageDefaults(), feature: 'veo3', count: '2', videos: '6', date: '2026-11-20' });
    expect(parsed).toMatchObject({ feature: 'veo3', count: 2, videos: 1 });
  });

  it('a timed feature keeps its videos', () => {
    const parsed = usageFormSchema.parse({ ...usageDefaults(), feature: 'translation', length: '12', videos: '5', date: '2026-11-20' });
    expect(parsed).toMatchObject({ feature: 'translation', minutes: 12, videos: 5 });
  });

  it('the count typed is the count saved', () => {
    expect(usageFormSchema.parse({ ...usageDefaults(), feature: 'image-asset', count: '4' }).count).toBe(4);
  });
});

describe('usageValuesOf: a saved usage as the form shows it', () => {
  it('a per-generation usage saved with several videos shows its generations in all, the same credits', () => {
    expect(usageValuesOf({ feature: 'veo3', count: 2, videos: 3 }, '2026-11-20')).toMatchObject({ count: '6', videos: '1' });
  });

  it('a timed usage keeps its length and videos', () => {
    expect(usageValuesOf({ feature: 'translation', minutes: 12, videos: 5, project: 'Intro' }, '2026-11-20')).toEqual({ feature: 'translation', length: '12', count: '1', videos: '5', project: 'Intro', member: '', date: '2026-11-20' });
    expect(usageValuesOf({ feature: 'veo3', count: 1, videos: 1, by: 'Ana' }, '2026-11-20')).toMatchObject({ member: 'Ana' });
  });
});

describe('dateAhead: how far after today a date is', () => {
  it.each<[string, string, ReturnType<typeof dateAhead>]>([
    ['today', '2026-11-20', null],
    ['yesterday', '2026-11-19', null],
    ['tomorrow', '2026-11-21', { count: 1, unit: 'day' }],
    ['59 days ahead', '2027-01-18', { count: 59, unit: 'day' }],
    ['two months ahead', '2027-01-20', { count: 2, unit: 'month' }],
    ['a day short of a year', '2027-11-19', { count: 11, unit: 'month' }],
    ['a year ahead', '2027-11-20', { count: 1, unit: 'year' }],
    ['years ahead', '2029-03-01', { count: 2, unit: 'year' }],
    ['not a date', '2026-02-30', null],
    ['empty', '', null],
  ])('%s', (_, date, expected) => {
    expect(dateAhead(date, '2026-11-20')).toEqual(expected);
  });
});
