import { test, expect, Page } from '@playwright/test';
import { open, residentId } from './helpers';

/** Presses Tab until the focused element matches `selector` (keyboard only, no clicks). The check
 *  uses Playwright's own selector engine, so it works with JavaScript off too. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function typeInto(page: Page, selector: string, text: string) {
  await tabTo(page, selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Arrow keys through a focused select until it holds `value`. */
async function chooseOption(page: Page, selector: string, value: string) {
  await tabTo(page, selector);
  for (let i = 0; i < 40; i++) {
    if ((await page.locator(selector).inputValue()) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`${selector} never reached ${value}`);
}

/** Tab into a yes/no group: Space picks 是, ArrowRight moves to (and picks) 否. */
async function chooseYesNo(page: Page, name: string, yes: boolean) {
  await tabTo(page, `input[name="${name}"]`);
  await page.keyboard.press(yes ? 'Space' : 'ArrowRight');
  await expect(page.locator(`#${name}-${yes ? 'yes' : 'no'}`)).toBeChecked();
}

async function submitWith(page: Page, name: string) {
  await tabTo(page, `button:text-is("${name}")`);
  await page.keyboard.press('Enter');
}

test('the whole journey by keyboard alone', async ({ page }, info) => {
  test.setTimeout(90_000);
  await open(page, '/register', info);
  await typeInto(page, '#real_name', '键盘用户');
  await chooseOption(page, '#id_type', 'resident_id_card');
  await typeInto(page, '#id_number', residentId());
  await typeInto(page, '#mobile', '13812345678');
  await typeInto(page, '#password', 'lianyungang-haizhou-9271');
  await typeInto(page, '#password_confirm', 'lianyungang-haizhou-9271');
  await submitWith(page, '注册');
  await expect(page).toHaveURL(/\/account$/);

  await tabTo(page, 'a[href="/apply"]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/apply$/);
  await submitWith(page, '开始申报');
  await expect(page.locator('.task-list')).toBeVisible();
  await tabTo(page, 'a[href="/apply/personal"]');
  await page.keyboard.press('Enter');
  await typeInto(page, '#unit_name', '连云港市某某设计院');
  await typeInto(page, '#specialty', '建筑工程');
  await submitWith(page, '保存并继续');
  await expect(page).toHaveURL(/\/apply\/scope$/);

  await chooseOption(page, '#category', 'municipal_unit_employee');
  await chooseYesNo(page, 'labor_relationship', true);
  await chooseOption(page, '#series', 'engineering');
  await chooseYesNo(page, 'civil_servant', false);
  await chooseYesNo(page, 'retired', false);
  await chooseYesNo(page, 'sanction_in_effect', false);
  await submitWith(page, '保存并继续');
  await expect(page).toHaveURL(/\/apply\/education$/);

  await chooseOption(page, '#edu_level', 'master');
  await chooseOption(page, '#edu_credential', 'diploma_and_degree');
  await chooseOption(page, '#edu_source', 'regular');
  await chooseOption(page, '#edu_completion', 'graduated');
  await chooseYesNo(page, 'edu_full_time', true);
  await typeInto(page, '#edu_graduation_date', '2026-03-31');
  await submitWith(page, '保存并继续');
  await expect(page).toHaveURL(/\/apply\/work$/);

  // Work began in 2026: no annual records are required.
  await typeInto(page, '#work_start_date', '2026-04-01');
  await typeInto(page, '#post_start_date', '2026-04-01');
  await chooseYesNo(page, 'professional_work', true);
  await submitWith(page, '保存并继续');
  await expect(page).toHaveURL(/\/apply\/records$/);
  await submitWith(page, '保存并继续');
  // Wait for the next page: tabbing on too early reaches the records page's button again.
  await expect(page).toHaveURL(/\/apply\/access$/);
  await submitWith(page, '保存并继续');
  await expect(page).toHaveURL(/\/apply\/employer$/);
  await chooseYesNo(page, 'dispatched', false);
  await chooseYesNo(page, 'social_insurance_verifiable', true);
  await submitWith(page, '保存并继续');

  await expect(page).toHaveURL(/\/apply\/review$/);
  await expect(page.getByTestId('verdict-outcome')).toHaveText('可初定助理级');
  await tabTo(page, '#pledge');
  await page.keyboard.press('Space');
  await submitWith(page, '承诺并提交申报');
  await expect(page).toHaveURL(/\/apply\/submitted$/);
  await expect(page.getByTestId('reference')).toHaveText(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
});
