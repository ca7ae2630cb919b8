import { test, expect } from '@playwright/test';
import { open, jsOn, signIn, watchConsole, DEMO } from './helpers';

// The two projects share one server and its demo data: the unit's approval runs with JavaScript
// on (the appraisal is checked as it is typed), the department's with JavaScript off.

test('the unit approves after the 公示 with an appraisal, a stock phrase refused citing 五（二）', async ({ page }, info) => {
  test.skip(!jsOn(info), 'the department approves in the ssr project');
  const errors = watchConsole(page);
  await signIn(page, info, DEMO.unitReviewer);
  await expect(page).toHaveURL(/\/staff$/);
  await page.getByRole('link', { name: '连云港市港城建设工程质量检测有限公司' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('申报审核');
  await expect(page.getByTestId('paper-deadline')).toContainText('还有 13 个工作日');
  await page.screenshot({ path: `test-results/staff-queue-${info.project.name}.png`, fullPage: true });
  const row = page.locator('tr', { hasText: '演示公示结束' });
  await expect(row).toContainText('待处理');
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('演示公示结束的申报');
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.fill('#appraisal', '情况属实，同意申报。');
  await expect(page.locator('#appraisal-check')).toContainText('五（二）');
  await page.getByRole('button', { name: '审核通过' }).click();
  await expect(page.locator('.error-summary')).toContainText('五（二）');
  await page.fill('#appraisal', '该同志遵纪守法，爱岗敬业，从事建筑工程质量检测工作，独立完成检测报告一百余份，参与市重点工程检测项目三项，年度考核均为合格，同意申报。');
  await expect(page.locator('#appraisal-check')).toHaveText('');
  await page.screenshot({ path: `test-results/staff-application-${info.project.name}.png`, fullPage: true });
  await page.getByRole('button', { name: '审核通过' }).click();
  await expect(page.getByTestId('status')).toHaveText('单位已审核');
  expect(errors).toEqual([]);
});

test('the competent department approves a unit-approved application, JavaScript off', async ({ page }, info) => {
  test.skip(jsOn(info), 'the unit approves in the hydrate project');
  await signIn(page, info, DEMO.departmentReviewer);
  await page.getByRole('link', { name: '连云港市住房和城乡建设局' }).click();
  const row = page.locator('tr', { hasText: '演示单位已审' });
  await row.getByRole('link').click();
  await expect(page.locator('main')).toContainText('市直企事业单位须主管部门审核盖章');
  await page.screenshot({ path: `test-results/staff-department-${info.project.name}.png`, fullPage: true });
  await page.getByRole('button', { name: '审核通过' }).click();
  await expect(page.getByTestId('status')).toHaveText('主管部门已审核');
});

test('an applicant is refused the staff desk', async ({ page }, info) => {
  await signIn(page, info, DEMO.submitted);
  const res = await page.goto('/staff');
  expect(res?.status()).toBe(403);
  await expect(page.locator('h1')).toContainText('无权访问');
});

test('a desk’s help says its duties with their clauses and whom to call', async ({ page }, info) => {
  const errors = watchConsole(page);
  await signIn(page, info, DEMO.departmentReviewer);
  await page.getByRole('link', { name: '连云港市住房和城乡建设局' }).click();
  await page.getByTestId('help-link').click();
  await expect(page).toHaveURL(/\/staff\/\d+\/help$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('工作台帮助');
  await expect(page.getByTestId('help-department_reviewer')).toContainText('通知 四（四）');
  await expect(page.getByTestId('help-department_reviewer')).toContainText('通知 四（六）');
  await expect(page.getByTestId('help-phone')).toContainText('0518—85812002');
  if (jsOn(info)) await page.waitForSelector('body[data-hydrated="true"]');
  await page.screenshot({ path: `test-results/staff-help-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});
