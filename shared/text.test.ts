import { describe, expect, it } from 'vitest';
import { accountSummaryLines, creditsLabel, expiryCountdown, lengthLabel, numberLabel, usdLabel } from './text.ts';

describe('text', () => {
  it.each([
    [4900, '$49'],
    [1761, '$17.61'],
    [430000, '$4,300'],
    [-500, '-$5'],
  ])('usdLabel(%i) is %s', (cents, label) => expect(usdLabel(cents)).toBe(label));

  it('numberLabel groups and keeps two decimals at most', () => expect(numberLabel(1234.567)).toBe('1,234.57'));

  it.each([
    [{ events: 1, usages: 0, from: '2026-09-03', to: '2026-09-03', plan: 'Creator (monthly)', projects: 0 }, ['1 event, 0 usages', 'On <2026-09-03>', 'Creator (monthly)', '0 planned projects']],
    [{ events: 12_400, usages: 12_390, from: '2026-01-17', to: '2026-11-20', plan: 'Pro 2,000 (monthly)', projects: 1 }, ['12,400 events, 12,390 usages', '<2026-01-17> to <2026-11-20>', 'Pro 2,000 (monthly)', '1 planned project']],
    [{ events: 0, usages: 0, from: null, to: null, plan: null, projects: 3 }, ['No events', 'No plan', '3 planned projects']],
  ])('accountSummaryLines %#', (summary, lines) => expect(accountSummaryLines(summary, (iso) => `<${iso}>`)).toEqual(lines));

  it('counts down to the next expiry in whole credits and days', () => {
    expect(expiryCountdown(1184.4, 4)).toBe('1,184 expire in 4 d');
    expect(expiryCountdown(12, 0)).toBe('12 expire today');
    expect(expiryCountdown(1_000_000, 1)).toBe('1,000,000 expire in 1 d');
  });

  it.each([
    [1, '1 credit'],
    [0, '0 credits'],
    [0.5, '0.5 credits'],
    [1.004, '1 credit'], // written as 1
    [1.5, '1.5 credits'],
    [1234.5, '1,234.5 credits'],
  ])('creditsLabel(%d) is %s', (n, label) => expect(creditsLabel(n)).toBe(label));

  it.each([
    [45, '45 s'],
    [60, '1 min'],
    [345, '5 min 45 s'],
    [150, '2 min 30 s'],
    [900, '15 min'],
    [3723, '1 h 2 min 3 s'],
    [7200, '2 h'],
    [600_000, '166 h 40 min'],
  ])('lengthLabel(%i) is %s', (seconds, label) => expect(lengthLabel(seconds)).toBe(label));
});
