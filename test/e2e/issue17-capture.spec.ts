/** Issue 17, capture: the amount typed is the amount logged, dates after today and per-generation features, the notification offer and toasts. */
import type { Locator, Page } from '@playwright/test';
import { dayFromToday } from './accounts.ts';
import { demoOpen, expect, formCodeHeld, test } from './fixtures.ts';

test.beforeEach(({ app }) => demoOpen(app));

/** The dashboard's balance, as a number of credits. */
async function balanceOf(page: Page): Promise<number> {
  return Number((await page.getByTestId('balance').textContent())!.replace(/,/g, ''));
}

async function showScreen(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
}

/** The usage log's rows of `feature` with `amount`, on `date` (today by default). */
async function logged(page: Page, feature: string, amount: string, date = dayFromToday(0)): Promise<Locator> {
  await showScreen(page, 'Usage log');
  const [y, m, d] = date.split('-').map(Number);
  const shown = new Date(y!, m! - 1, d!).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
  return page
    .getByRole('region', { name: 'Usages' })
    .locator('tbody tr')
    .filter({ has: page.getByRole('cell', { name: feature, exact: true }) })
    .filter({ has: page.getByRole('cell', { name: amount, exact: true }) })
    .filter({ hasText: shown });
}

test('#17.1 quick entry as its hint says: Ctrl+K "veo" Enter "2" Enter logs 2 generations (180 credits), "image" Enter "4" Enter logs 4 images (8 credits)', async ({ app }) => {
  const { page } = app;
  const before = await balanceOf(page);
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  await page.keyboard.press('Control+k');
  await expect(dialog.getByText('Type a feature (“iv”, “veo”) and Enter')).toBeVisible();
  await page.keyboard.type('veo');
  await page.keyboard.press('Enter');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Logged VEO3' })).toBeVisible();
  await expect.poll(() => balanceOf(page)).toBe(before - 180);

  await page.keyboard.press('Control+k');
  await expect(dialog.getByText('Type a feature (“iv”, “veo”) and Enter')).toBeVisible();
  await page.keyboard.type('image');
  await page.keyboard.press('Enter');
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Logged Generate Image Assets' })).toBeVisible();
  await expect.poll(() => balanceOf(page)).toBe(before - 188);

  const veo = await logged(page, 'VEO3', '2 generations');
  await expect(veo).toHaveCount(1);
  await expect(veo.getByRole('cell').nth(5)).toHaveText('180');
  const images = await logged(page, 'Generate Image Assets', '4 images');
  await expect(images).toHaveCount(1);
  await expect(images.getByRole('cell').nth(5)).toHaveText('8');
});

test('#17.1 keys typed while the quick entry’s code is still loading are kept: the feature, Enter, the amount, Enter', async ({ app }) => {
  const { page } = app;
  const release = await formCodeHeld(page);
  await page.reload();
  const before = await balanceOf(page);
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  await page.keyboard.press('Control+k');
  await expect(dialog.getByRole('combobox', { name: 'Feature' })).toBeFocused();
  await page.keyboard.type('veo');
  await page.keyboard.press('Enter');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('combobox', { name: 'Feature' })).toHaveValue('veo');
  release();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Logged VEO3' })).toBeVisible();
  await expect.poll(() => balanceOf(page)).toBe(before - 180);
});

test('#17.1 part of the feature typed while the code loads, the rest after: one feature name', async ({ app }) => {
  const { page } = app;
  const release = await formCodeHeld(page);
  await page.reload();
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  await page.keyboard.press('Control+k');
  await expect(dialog.getByRole('combobox', { name: 'Feature' })).toBeFocused();
  await page.keyboard.type('im');
  release();
  await expect(dialog.getByLabel('Length of each video')).toBeVisible();
  await page.keyboard.type('age');
  await expect(dialog.getByRole('combobox', { name: 'Feature' })).toHaveValue('image');
  await page.keyboard.press('Enter');
  await page.keyboard.type('4');
  await expect(dialog.getByTestId('usage-cost')).toHaveText('8');
});

test('#17.1 the next entry typed while the last one is still being saved (a slow machine) is kept: the form is fresh at Enter, not wiped when the save is answered', async ({ app }) => {
  const { page } = app;
  await showScreen(page, 'Usage log');
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  await page.route(/\/api\/usage-add$/, async (route) => {
    await held;
    await route.continue();
  });
  const form = page.getByRole('form', { name: 'Log a usage' });
  const feature = form.getByRole('combobox', { name: 'Feature' });
  await feature.click();
  await page.keyboard.type('veo');
  await page.keyboard.press('Enter');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await feature.click();
  await page.keyboard.type('image');
  await page.keyboard.press('Enter');
  await page.keyboard.type('4');
  release();
  await expect(await logged(page, 'VEO3', '2 generations')).toHaveCount(1);
  await expect(feature).toHaveValue('Generate Image Assets');
  await expect(form.getByLabel('How many')).toHaveValue('4');
  await expect(form.getByTestId('usage-cost')).toHaveText('8');
});

test('#17.1 the usage log’s form: "veo" Enter "2" Enter logs 2 generations; a defaulted number is replaced by what is typed', async ({ app }) => {
  const { page } = app;
  await showScreen(page, 'Usage log');
  const form = page.getByRole('form', { name: 'Log a usage' });
  await form.getByRole('combobox', { name: 'Feature' }).click();
  await page.keyboard.type('veo');
  await page.keyboard.press('Enter');
  await expect(form.getByLabel('How many')).toBeFocused();
  await page.keyboard.type('2');
  await expect(form.getByLabel('How many')).toHaveValue('2');
  await expect(form.getByTestId('usage-cost')).toHaveText('180');
  await page.keyboard.press('Enter');
  await expect(await logged(page, 'VEO3', '2 generations')).toHaveCount(1);
  // Back into a defaulted number from elsewhere: typing replaces it.
  await form.getByRole('combobox', { name: 'Feature' }).click();
  await page.keyboard.type('image');
  await page.keyboard.press('Enter');
  await form.getByRole('combobox', { name: 'Project' }).click();
  await form.getByLabel('How many').click();
  await page.keyboard.type('4');
  await expect(form.getByLabel('How many')).toHaveValue('4');
  await expect(form.getByTestId('usage-cost')).toHaveText('8');
});

test('#17.12 a date after today is said before saving, in the form and the quick entry; per-generation features ask one quantity', async ({ app }) => {
  const { page } = app;
  const ahead = dayFromToday(800);
  const dialog = page.getByRole('dialog', { name: 'Log a usage' });
  await page.keyboard.press('Control+k');
  const feature = dialog.getByRole('combobox', { name: 'Feature' });
  await expect(feature).toBeFocused();
  // Timed features: a length and how many videos; per-generation ones: how many, and nothing to multiply it by.
  await expect(dialog.getByLabel('Length of each video')).toBeVisible();
  await expect(dialog.getByLabel('Videos')).toBeVisible();
  await page.keyboard.type('veo');
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('How many')).toBeFocused();
  await expect(dialog.getByLabel('Videos')).toHaveCount(0);
  await page.keyboard.type('3');
  await expect(dialog.getByTestId('usage-cost')).toHaveText('270');

  await dialog.getByLabel('Date').fill(ahead);
  const warning = dialog.getByTestId('date-ahead');
  await expect(warning).toContainText('after today');
  await dialog.getByLabel('How many').focus();
  await page.keyboard.press('Enter');
  // Not saved yet: the warning asks, and the next Enter logs it with that date.
  await expect(dialog).toBeVisible();
  await expect(warning).toContainText('Press Log anyway (Enter) to keep this date');
  await expect(dialog.getByRole('button', { name: 'Log anyway' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(await logged(page, 'VEO3', '3 generations', ahead)).toHaveCount(1);

  // The usage log's form says it too; a date not after today says nothing.
  const form = page.getByRole('form', { name: 'Log a usage' });
  await form.getByLabel('Date').fill(dayFromToday(1));
  await expect(form.getByTestId('date-ahead')).toContainText('after today');
  await form.getByLabel('Date').fill(dayFromToday(0));
  await expect(form.getByTestId('date-ahead')).toHaveCount(0);
});

test('#17.13 the notification offer sits in the dashboard’s flow, after its numbers in the Tab order, and on no other screen; a toast goes with its screen', async ({ app }) => {
  const { page } = app;
  const offer = page.getByRole('region', { name: 'Browser notifications' });
  await expect(offer).toBeVisible();
  // In the flow: nothing of the page lies under it.
  const overlaps = await offer.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return Array.from(document.querySelectorAll('.content section, .content button, .content h1, .content h2'))
      .filter((other) => !el.contains(other) && !other.contains(el))
      .filter((other) => {
        const b = other.getBoundingClientRect();
        return b.width > 0 && b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom;
      })
      .map((other) => other.getAttribute('aria-label') ?? other.textContent);
  });
  expect(overlaps).toEqual([]);
  // In the Tab order, after everything else the dashboard holds.
  const focusables = page.locator('.content').locator('button, a[href], input, select, [tabindex="0"]');
  const order = await focusables.evaluateAll((els) => els.map((el) => (el.closest('[aria-label="Browser notifications"]') ? 'offer' : 'content')));
  expect(order.indexOf('offer')).toBeGreaterThan(0);
  expect(order.slice(order.indexOf('offer'))).toEqual(['offer', 'offer']);

  // Another screen: no offer, and Tab from the screen list goes into the screen.
  await showScreen(page, 'Usage log');
  await expect(page.getByRole('form', { name: 'Log a usage' })).toBeVisible();
  await expect(offer).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button').last().focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('form', { name: 'Log a usage' }).getByRole('combobox', { name: 'Feature' })).toBeFocused();

  // A deleted usage's toast is about the usage log: it goes when the screen does, and does not come back.
  const first = page.getByRole('region', { name: 'Usages' }).locator('tbody tr').first();
  await first.getByRole('button', { name: /^Delete the usage of/ }).click();
  const toast = page.getByRole('status').filter({ hasText: 'Deleted' });
  await expect(toast).toBeVisible();
  await showScreen(page, 'History');
  await expect(page.getByRole('main', { name: 'History' })).toBeVisible();
  await expect(toast).toHaveCount(0);
  await showScreen(page, 'Usage log');
  await expect(page.getByRole('form', { name: 'Log a usage' })).toBeVisible();
  await expect(toast).toHaveCount(0);
});
