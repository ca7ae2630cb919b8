import { test, expect } from '@playwright/test';
import { open, jsOn, register, watchConsole, saveAndContinue, answerEducation } from './helpers';

test('register, fill every section, watch the verdict, submit once with a double click', async ({ page }, info) => {
  const errors = watchConsole(page);
  await register(page, info, info.project.name === 'ssr' ? '王小明' : '李小红');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的账号');
  await page.getByRole('link', { name: '我的申报' }).click();
  await page.getByRole('button', { name: '开始申报' }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await expect(page.locator('.task').first()).toContainText('未开始');
  await page.screenshot({ path: `test-results/apply-tasks-${info.project.name}.png`, fullPage: true });

  await open(page, '/apply/personal', info);
  await page.fill('#unit_name', '连云港市港城建设工程质量检测有限公司');
  await page.fill('#specialty', '建筑工程');
  await saveAndContinue(page);

  await expect(page).toHaveURL(/\/apply\/scope$/);
  // The section's own findings first; the other sections' folded, each linking to its page.
  const elsewhere = page.getByTestId('findings-elsewhere');
  await expect(elsewhere).toBeVisible();
  await expect(elsewhere.locator('.finding').first()).toBeHidden();
  await expect(elsewhere.locator('.finding a').first()).toHaveAttribute('href', /^\/apply\/[a-z_]+#/);
  await page.selectOption('#category', 'municipal_unit_employee');
  await page.check('#labor_relationship-yes');
  await page.selectOption('#series', 'engineering');
  await page.check('#civil_servant-no');
  await page.check('#retired-no');
  if (jsOn(info)) {
    // The verdict panel follows the answers before anything is saved.
    await page.evaluate(() => ((window as any).__same = true));
    await page.check('#sanction_in_effect-yes');
    await expect(page.getByTestId('verdict-outcome')).toHaveText('不符合初定条件');
    await expect(page.locator('.finding-fail')).toContainText(['一（第二段）']);
  }
  await page.check('#sanction_in_effect-no');
  if (jsOn(info)) {
    await expect(page.getByTestId('verdict-outcome')).toHaveText('还需补充信息');
    expect(await page.evaluate(() => (window as any).__same)).toBe(true);
  }
  await saveAndContinue(page);

  await expect(page).toHaveURL(/\/apply\/education$/);
  await answerEducation(page, 'bachelor', '2024-06-30');
  await saveAndContinue(page);

  await expect(page).toHaveURL(/\/apply\/work$/);
  // A wrong date: error summary, the value kept, nothing lost.
  await page.fill('#work_start_date', '2024-13-45');
  await page.fill('#post_start_date', '2024-07-08');
  await page.check('#professional_work-yes');
  await page.check('#probation_passed-yes');
  await saveAndContinue(page);
  await expect(page).toHaveTitle(/^错误：/);
  await expect(page.locator('.error-summary')).toContainText('2024-13-45');
  await expect(page.locator('.error-summary a')).toHaveAttribute('href', '#work_start_date');
  await expect(page.locator('#work_start_date')).toHaveValue('2024-13-45');
  await expect(page.locator('#post_start_date')).toHaveValue('2024-07-08');
  await page.fill('#work_start_date', '2024-07-08');
  await saveAndContinue(page);

  await expect(page).toHaveURL(/\/apply\/records$/);
  await page.selectOption('#assessment_2025', 'qualified');
  await page.fill('#ce_2025', '1');
  if (jsOn(info)) {
    // The last required answer makes the verdict eligible at once.
    await expect(page.getByTestId('verdict-outcome')).toHaveText('可初定助理级');
  }
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/access$/);
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/employer$/);
  await page.check('#dispatched-no');
  await page.check('#social_insurance_verifiable-yes');
  if (jsOn(info)) {
    await expect(page.getByTestId('verdict-outcome')).toHaveText('可初定助理级');
  }
  await saveAndContinue(page);

  await expect(page).toHaveURL(/\/apply\/review$/);
  await expect(page.getByTestId('verdict-outcome')).toHaveText('可初定助理级');
  await expect(page.getByRole('link', { name: '修改 参加工作时间' })).toBeVisible();
  await page.screenshot({ path: `test-results/apply-review-${info.project.name}.png`, fullPage: true });
  await page.check('#pledge');
  await page.getByRole('button', { name: '承诺并提交申报' }).dblclick();
  await expect(page).toHaveURL(/\/apply\/submitted$/);
  const reference = await page.getByTestId('reference').textContent();
  expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  await expect(page.locator('main')).toContainText('2026-06-05');
  await page.screenshot({ path: `test-results/apply-submitted-${info.project.name}.png`, fullPage: true });

  // The personal materials list and the status page, printable, with the paper deadline.
  await page.getByRole('link', { name: '我的纸质材料清单' }).click();
  await expect(page).toHaveURL(/\/apply\/materials$/);
  await expect(page.locator('tr[data-material="competent_department_stamp"]')).toBeVisible();
  await expect(page.getByTestId('days-left')).toHaveText('还有 13 个工作日。');
  await page.screenshot({ path: `test-results/apply-materials-${info.project.name}.png`, fullPage: true });
  await open(page, '/apply/status', info);
  await expect(page.getByTestId('status')).toHaveText('已提交，待单位审核');
  await expect(page.locator('.timeline')).toContainText('网上申报已提交');

  // The 申报表 PDF from the status page: the owner's session downloads it.
  const pdfHref = await page.getByTestId('declaration-pdf').getAttribute('href');
  const pdf = await page.request.get(pdfHref!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');

  // The same pages in English.
  await page.goto('/lang/en?back=/apply/status');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Application status');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('status')).toHaveText(/submitted/i);
  await expect(page.getByTestId('declaration-pdf')).toContainText('Download the application form');
  await page.screenshot({ path: `test-results/apply-status-en-${info.project.name}.png`, fullPage: true });
  await open(page, '/apply/materials', info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My paper materials');
  await expect(page.getByTestId('days-left')).toHaveText('13 working days left.');
  await page.screenshot({ path: `test-results/apply-materials-en-${info.project.name}.png`, fullPage: true });
  await page.goto('/lang/zh?back=/apply/status');

  // One application: the task list shows it submitted under the same reference.
  await open(page, '/apply', info);
  await expect(page.locator('.reference')).toHaveText(reference!);
  await expect(page.locator('main')).toContainText('已提交，待单位审核');
  expect(errors).toEqual([]);
});

test('with JavaScript on, a section autosaves after a pause and survives a reload', async ({ page }, info) => {
  test.skip(!jsOn(info), 'autosave needs JavaScript');
  await register(page, info, '自动保存');
  await open(page, '/apply', info);
  await page.getByRole('button', { name: '开始申报' }).click();
  await open(page, '/apply/work', info);
  await page.fill('#work_start_date', '2023-03-01');
  await page.check('#professional_work-yes');
  await expect(page.locator('.autosave-status')).toHaveText('已自动保存');
  await page.reload();
  await expect(page.locator('#work_start_date')).toHaveValue('2023-03-01');
  await expect(page.locator('#professional_work-yes')).toBeChecked();
});

test('autosaves, then 保存并继续: each save carries the version the last one gave, so none is refused', async ({ page }, info) => {
  test.skip(!jsOn(info), 'autosave needs JavaScript');
  await register(page, info, '连续保存');
  await open(page, '/apply', info);
  await page.getByRole('button', { name: '开始申报' }).click();
  await open(page, '/apply/work', info);
  await page.fill('#work_start_date', '2023-03-01');
  await expect(page.locator('.autosave-status')).toHaveText('已自动保存');
  await expect(page.locator('input[name=version]')).toHaveAttribute('value', '1');
  await page.fill('#post_start_date', '2023-03-01');
  // The second autosave moves the version the form will send on.
  await expect(page.locator('input[name=version]')).toHaveAttribute('value', '2');
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/records$/);
});

test('two tabs: the later save is refused with a message, what it typed is kept, and saving again keeps it', async ({ page, context }, info) => {
  await register(page, info, '两个窗口');
  await open(page, '/apply', info);
  await page.getByRole('button', { name: '开始申报' }).click();
  await open(page, '/apply/personal', info);
  const other = await context.newPage();
  await open(other, '/apply/personal', info);
  await other.fill('#unit_name', '甲单位');
  await other.fill('#specialty', '建筑工程');
  await saveAndContinue(other);
  await expect(other).toHaveURL(/\/apply\/scope$/);

  if (jsOn(info)) {
    // This tab's autosave finds the draft changed and says so, and stops.
    await page.fill('#unit_name', '乙单位');
    await expect(page.locator('.autosave-status')).toContainText('在别处有了更改');
  } else {
    await page.fill('#unit_name', '乙单位');
  }
  await page.fill('#specialty', '建筑工程');
  await saveAndContinue(page);
  await expect(page.locator('.error-summary')).toContainText('在别处有了更改');
  await expect(page.locator('#unit_name')).toHaveValue('乙单位');
  await page.screenshot({ path: `test-results/apply-conflict-${info.project.name}.png`, fullPage: true });
  // Saving again from the refusal keeps what it shows.
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/scope$/);
  await open(page, '/apply/personal', info);
  await expect(page.locator('#unit_name')).toHaveValue('乙单位');
});
