/**
 * The demo account: a creator on Pro 2,000 for a few months, with mixed usage,
 * a rollover lot about to expire and two planned projects. Dated relative to
 * today so it always looks current.
 */
import { dateAddDays, dateAddMonths } from './dates.ts';
import { ACCOUNT_FORMAT, type Account, type AccountEvent } from './formats/account.ts';
import { PROJECT_FORMAT, type Project } from './formats/project.ts';
import type { IsoDate } from './units.ts';

export function demoAccount(today: IsoDate): { account: Account; projects: Project[] } {
  // Four cycles before the one that starts in 4 days: the previous cycle's lot expires then, mostly unused.
  const start = dateAddMonths(dateAddDays(today, 4), -4);
  const day = (months: number, days: number) => dateAddDays(dateAddMonths(start, months), days);
  const events: AccountEvent[] = [{ id: 'demo-000', date: start, type: 'subscribe', plan: 'pro', credits: 1000, billing: 'monthly' }];
  const add = (e: Omit<AccountEvent, 'id'>) => events.push({ ...e, id: `demo-${String(events.length).padStart(3, '0')}` } as AccountEvent);
  add({ date: day(0, 2), type: 'usage', feature: 'avatar-iv', minutes: 6, project: 'Channel intro' } as AccountEvent);
  add({ date: day(0, 9), type: 'usage', feature: 'image-asset', count: 12, project: 'Channel intro' } as AccountEvent);
  add({ date: day(0, 20), type: 'change-plan', plan: 'pro', credits: 2000 } as AccountEvent);
  const weekly: [string, number, string][] = [
    ['avatar-iv', 8, 'Weekly tips'],
    ['translation', 8, 'Weekly tips'],
    ['avatar-iii', 12, 'Tutorials'],
    ['video-agent', 3, 'Shorts'],
  ];
  for (let m = 1; m <= 4; m++) {
    for (let w = 0; w < 4; w++) {
      const date = day(m, 1 + w * 7);
      if (date > today) break;
      const [feature, minutes, project] = weekly[(m + w) % weekly.length]!;
      // Busier and quieter months, as real work goes.
      add({ date, type: 'usage', feature, minutes: minutes * [1, 1.5, 0.5, 1.25][m % 4]!, project } as AccountEvent);
    }
    if (day(m, 12) <= today) add({ date: day(m, 12), type: 'usage', feature: 'veo3', count: 2, project: 'Shorts' } as AccountEvent);
  }
  const account: Account = { format: ACCOUNT_FORMAT, proTiers: [{ credits: 2000, monthly: 88 }], events };
  const projects: Project[] = [
    { format: PROJECT_FORMAT, id: 'demo-p1', name: 'Product launch, 5 languages', date: dateAddDays(today, 10), resolution: '4k', customAvatars: 1, lines: [{ feature: 'avatar-iv', minutes: 12 }, { feature: 'translation-precision', minutes: 12, videos: 5 }, { feature: 'image-asset', count: 10 }] },
    { format: PROJECT_FORMAT, id: 'demo-p2', name: 'Course module 3', date: dateAddDays(today, 40), resolution: '1080p', lines: [{ feature: 'avatar-iii', minutes: 45 }, { feature: 'batch', minutes: 30 }] },
  ];
  return { account, projects };
}
