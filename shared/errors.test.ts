/** Errors shown to people name the field in words; the path stays in the data for code (issue 9, defect 16). */
import { describe, expect, it } from 'vitest';
import { errorFromIssues, fieldWords } from './errors.ts';

describe('fieldWords', () => {
  it.each([
    ['event.blocks', 'Blocks'],
    ['proTiers[1].credits', 'Pro tier 2 credits'],
    ['events[27].type', 'Event 28 kind'],
    ['freeQuota.maxMinutes', 'Free quota longest video (minutes)'],
    ['project.lines[2].minutes', 'Line 3 minutes'],
    ['monthlyBudget', 'Monthly budget'],
    ['by', 'Member'],
    ['events[3].by', 'Event 4 member'],
    ['event', 'Event'],
    ['--credits', '--credits'],
  ])('%s → %s', (path, words) => {
    expect(fieldWords(path)).toBe(words);
  });
});

describe('errorFromIssues', () => {
  it('says the field in words and the rule; the path stays in field and issues', () => {
    const error = errorFromIssues('invalid-input', [
      { path: 'proTiers[1].credits', message: 'must be a number, not null' },
      { path: 'proTiers[1].monthly', message: 'required' },
    ]);
    expect(error.message).toBe('Pro tier 2 credits: must be a number, not null (and 1 more problem)');
    expect(error.field).toBe('proTiers[1].credits');
    expect(error.issues![0]!.path).toBe('proTiers[1].credits');
  });
});
