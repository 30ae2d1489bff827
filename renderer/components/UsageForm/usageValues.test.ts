import { describe, expect, it } from 'vitest';
import { dateAhead, usageDefaults, usageFormSchema, usageValuesOf } from './usageValues.ts';

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
    expect(usageValuesOf({ feature: 'translation', minutes: 12, videos: 5, project: 'Intro' }, '2026-11-20')).toEqual({ feature: 'translation', length: '12', count: '1', videos: '5', project: 'Intro', date: '2026-11-20' });
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
