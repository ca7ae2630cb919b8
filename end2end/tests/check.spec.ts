import { test, expect, Page } from '@playwright/test';
import { open, jsOn, watchConsole, answerScope, answerEducation } from './helpers';

/** Answers for a bachelor who started in July 2024 (by default): eligible for the assistant
 * level. With `probation: false` the probation question is left alone (asked once it is over). */
async function answerBachelor(page: Page, graduated = '2024-06-30', started = '2024-07-08', probation = true) {
  await answerScope(page);
  await answerEducation(page, 'bachelor', graduated);
  await page.fill('#work_start_date', started);
  await page.fill('#post_start_date', started);
  await page.check('#professional_work-yes');
  if (probation) await page.check('#probation_passed-yes');
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

test('a bachelor graduating 2025-07-01 is told the earliest round, as they type or after 检查, in Chinese and English', async ({ page }, info) => {
  const errors = watchConsole(page);
  for (const lang of ['zh', 'en']) {
    await open(page, `/lang/${lang}?back=/check`, info);
    await answerBachelor(page, '2025-07-01', '2025-06-01', false);
    const check = lang === 'zh' ? '检查' : 'Check';
    if (!jsOn(info)) await page.getByRole('button', { name: check }).click();
    await page.selectOption('#assessment_2025', 'qualified');
    await page.fill('#ce_2025', '1');
    if (!jsOn(info)) await page.getByRole('button', { name: check }).click();
    const sentence = page.getByTestId('outlook-sentence');
    // Probation from the graduation (after the post start) ends 2026-07-01: the first round
    // with a cutoff on or after it is the second half of 2026 (expected cutoff 2026-10-31).
    if (lang === 'zh') {
      await expect(outcome(page)).toHaveText('不符合初定条件');
      await expect(sentence).toHaveText('按目前情况，您最早可在 2026 年下半年（预计截止 2026-10-31，尚未发布通知）申报助理级：见习期 2026-07-01 期满（二（一）2）。');
    } else {
      await expect(outcome(page)).toHaveText('Not eligible');
      await expect(sentence).toHaveText('As things stand, you could apply for Assistant level at the earliest in the second half of 2026 (expected cutoff 2026-10-31, not yet announced): the probation year ends on 2026-07-01 (Section 2(1) item 2).');
    }
    // The assumptions behind the date are one click away.
    await page.getByTestId('verdict-outlook').locator('summary').click();
    await expect(page.getByTestId('verdict-outlook').locator('li')).toHaveCount(4);
    await page.screenshot({ path: `test-results/check-outlook-${lang}-${info.project.name}.png`, fullPage: true });
    if (jsOn(info)) {
      // As they type: a graduation a year earlier opens the level now, and the outlook goes.
      await page.fill('#edu_graduation_date', '2024-06-30');
      await page.fill('#post_start_date', '2024-06-01');
      await expect(page.getByTestId('verdict-outlook')).toHaveCount(0);
    }
  }
  expect(errors).toEqual([]);
});

test('dates as people type them (20240708 from an iPhone\'s number pad, 2024年7月8日, 2024.7.8, 2024/7/8) give the same verdict in the browser and on the server', async ({ page }, info) => {
  for (const [graduated, started] of [
    ['20240630', '20240708'],
    ['2024年6月30日', '2024年7月8日'],
    ['2024.6.30', '2024.7.8'],
    ['2024/6/30', '2024/7/8'],
  ]) {
    await open(page, '/check', info);
    await answerBachelor(page, graduated, started);
    if (!jsOn(info)) await page.getByRole('button', { name: '检查' }).click();
    await answerYears(page);
    if (!jsOn(info)) await page.getByRole('button', { name: '检查' }).click();
    await expect(outcome(page), `${graduated} / ${started}`).toHaveText('可初定助理级');
    await expect(page.locator('.error-summary')).toHaveCount(0);
    // The keypad the field asks for, and a hint naming the digits-only form it can type.
    await expect(page.locator('#work_start_date')).toHaveAttribute('inputmode', 'numeric');
    await expect(page.locator('#work_start_date-hint')).toContainText('20240708');
  }
});
