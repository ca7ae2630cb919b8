import { test, expect, Page } from '@playwright/test';
import { open, jsOn, watchConsole, answerScope, answerEducation } from './helpers';

/** Answers for a bachelor who started in July 2024: eligible for the assistant level. */
async function answerBachelor(page: Page) {
  await answerScope(page);
  await answerEducation(page, 'bachelor', '2024-06-30');
  await page.fill('#work_start_date', '2024-07-08');
  await page.fill('#post_start_date', '2024-07-08');
  await page.check('#professional_work-yes');
  await page.check('#probation_passed-yes');
  await page.check('#dispatched-no');
  await page.check('#social_insurance_verifiable-yes');
}

async function answerYears(page: Page) {
  // Work began on 2024-07-08 (after 1 July), so 2025 is the only year asked for.
  await expect(page.locator('#assessment_2024')).toHaveCount(0);
  await page.selectOption('#assessment_2025', 'qualified');
  await page.fill('#ce_2025', '1');
}

const outcome = (page: Page) => page.getByTestId('verdict-outcome');

test('the verdict follows the answers, with the clause of each problem', async ({ page }, info) => {
  const errors = watchConsole(page);
  await open(page, '/check', info);
  await expect(outcome(page)).toHaveText('还需补充信息');
  await answerBachelor(page);
  if (jsOn(info)) {
    // Same document throughout: the verdict changes without a reload.
    await page.evaluate(() => ((window as any).__noReload = true));
    await answerYears(page);
  } else {
    await page.getByRole('button', { name: '检查' }).click();
    await answerYears(page);
    await page.getByRole('button', { name: '检查' }).click();
    // Answers are kept after the server's verdict.
    await expect(page.locator('#work_start_date')).toHaveValue('2024-07-08');
    await expect(page.locator('#edu_level')).toHaveValue('bachelor');
  }
  await expect(outcome(page)).toHaveText('可初定助理级');
  await page.screenshot({ path: `test-results/check-eligible-${info.project.name}.png`, fullPage: true });

  await page.selectOption('#series', 'accounting');
  if (!jsOn(info)) await page.getByRole('button', { name: '检查' }).click();
  await expect(outcome(page)).toHaveText('不符合初定条件');
  const fail = page.locator('.finding-fail').first();
  await expect(fail).toContainText('一（末段）');

  await page.selectOption('#series', 'engineering');
  await page.fill('#ce_2025', '0');
  if (!jsOn(info)) await page.getByRole('button', { name: '检查' }).click();
  await expect(outcome(page)).toHaveText('不符合初定条件');
  await expect(page.locator('.finding-fail')).toContainText(['二（四）']);
  // The finding links to the field that fixes it.
  await expect(page.locator('.finding-fail a').first()).toHaveAttribute('href', '#continuing_education');

  if (jsOn(info)) {
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  }
  expect(errors).toEqual([]);
});

test('a wrong date gets an error summary that links to the field and keeps the answer', async ({ page }, info) => {
  await open(page, '/check', info);
  await page.fill('#work_start_date', '2024-13-45');
  await page.selectOption('#series', 'engineering');
  await page.getByRole('button', { name: '检查' }).click();
  await expect(page).toHaveTitle(/^错误：/);
  const summary = page.locator('.error-summary');
  await expect(summary.getByRole('heading')).toHaveText('存在以下问题');
  await expect(summary.getByRole('link')).toHaveAttribute('href', '#work_start_date');
  await expect(page.locator('#work_start_date')).toHaveValue('2024-13-45');
  await expect(page.locator('#work_start_date')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#series')).toHaveValue('engineering');
  await page.screenshot({ path: `test-results/check-error-${info.project.name}.png`, fullPage: true });
});

test('a second education entry can be added, with JavaScript on or off', async ({ page }, info) => {
  await open(page, '/check', info);
  await expect(page.locator('#edu1_level')).toHaveCount(0);
  await page.selectOption('#edu_level', 'associate');
  await page.getByRole('button', { name: '添加另一项学历' }).click();
  await expect(page.locator('#edu1_level')).toBeVisible();
  await expect(page.locator('#edu_level')).toHaveValue('associate');
});
