import { test, expect, Page, TestInfo } from '@playwright/test';
import { open, jsOn, register, saveAndContinue, answerScope, answerEducation, signIn, signInCenter, serverAt, anotherPage, DEMO } from './helpers';

// The whole path for a new application, in both projects: the unit returns it
// with a reason, the applicant corrects and resubmits, the unit ticks it in its queue and starts
// the 公示; on a second server whose clock is past the 公示 the unit approves with an appraisal,
// the competent department approves and the center takes the paper (one material missing); on a
// third, after the paper deadline, one member of the center's staff proposes a rejection, a
// second confirms it, and the applicant reads the reasons.

async function apply(page: Page, info: TestInfo, name: string): Promise<string> {
  const id = await register(page, info, name);
  await open(page, '/apply', info);
  await page.getByRole('button', { name: '开始申报' }).click();
  await open(page, '/apply/personal', info);
  await page.fill('#unit_name', '连云港市港城建设工程质量检测有限公司');
  await page.selectOption('#unit_id', { label: '连云港市港城建设工程质量检测有限公司' });
  await page.fill('#specialty', '建筑工程');
  await saveAndContinue(page);
  await answerScope(page);
  await saveAndContinue(page);
  await answerEducation(page, 'bachelor', '2024-06-30');
  await saveAndContinue(page);
  await page.fill('#work_start_date', '2024-07-08');
  await page.fill('#post_start_date', '2024-07-08');
  await page.check('#professional_work-yes');
  await page.check('#probation_passed-yes');
  await saveAndContinue(page);
  await page.selectOption('#assessment_2025', 'qualified');
  await page.fill('#ce_2025', '1');
  await saveAndContinue(page);
  await saveAndContinue(page);
  await page.check('#dispatched-no');
  await page.check('#social_insurance_verifiable-yes');
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/review$/);
  await page.check('#pledge');
  await page.getByRole('button', { name: '承诺并提交申报' }).click();
  await expect(page).toHaveURL(/\/apply\/submitted$/);
  return id;
}

/** The center's desk, as a member of its staff. */
async function centerDesk(page: Page) {
  await page.goto('/staff');
  await page.getByRole('link', { name: '连云港市人才服务中心', exact: true }).click();
}

/** The unit's queue, then this applicant's application. */
async function openApplication(page: Page, name: string) {
  await page.goto('/staff');
  await page.getByRole('link', { name: '连云港市港城建设工程质量检测有限公司' }).click();
  await page.locator('tr', { hasText: name }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

test('return, correct, resubmit, a 公示 from the queue, the unit and the department approve, the center takes the paper, and a rejection is proposed and confirmed by two', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const name = jsOn(info) ? '流程测试甲' : '流程测试乙';
  const applicantId = await apply(page, info, name);

  const unit = await anotherPage(browser, info);
  await signIn(unit, info, DEMO.unitReviewer);
  await openApplication(unit, name);
  await unit.getByRole('button', { name: '开始审核' }).click();
  await expect(unit.getByTestId('status')).toHaveText('单位审核中');
  await unit.check('#reason_does_not_match_originals');
  await unit.fill('#reason_text', '毕业时间与毕业证书不一致');
  await unit.getByRole('button', { name: '退回申报人修改' }).click();
  await expect(unit.getByTestId('status')).toHaveText('草稿（未提交）');

  // The applicant reads the reasons, corrects the date and resubmits.
  await open(page, '/apply', info);
  await expect(page.getByTestId('returned')).toContainText('填报内容与原件不符；毕业时间与毕业证书不一致');
  await page.screenshot({ path: `test-results/applicant-returned-${info.project.name}.png`, fullPage: true });
  await open(page, '/apply/education', info);
  await page.fill('#edu_graduation_date', '2024-06-28');
  await saveAndContinue(page);
  await open(page, '/apply/review', info);
  await page.check('#pledge');
  await page.getByRole('button', { name: '承诺并提交申报' }).click();
  await expect(page).toHaveURL(/\/apply\/submitted$/);

  // The unit sees what changed, opens the review and starts the 公示 from its queue.
  await openApplication(unit, name);
  await unit.getByRole('button', { name: '开始审核' }).click();
  await expect(unit.getByTestId('changed')).toContainText('毕业（结业）日期');
  await unit.goto('/staff');
  await unit.getByRole('link', { name: '连云港市港城建设工程质量检测有限公司' }).click();
  const row = unit.locator('tr', { hasText: name });
  await row.locator('input[type=checkbox]').check();
  await unit.fill('#publicity_start', '2026-05-20');
  await unit.fill('#publicity_end', '2026-05-26');
  await unit.check('#confirm_publicity');
  await unit.getByRole('button', { name: '开始公示' }).click();
  await expect(unit.getByTestId('publicity-started')).toContainText('已为 1 份申报开始公示');
  await expect(unit.locator('main')).toContainText(name);
  await unit.context().close();

  // A week later (a second server on the same database, its clock at 05-27).
  const later = await serverAt('2026-05-27', jsOn(info) ? 10 : 11);
  try {
    const reviewer = await anotherPage(browser, info, later.url);
    const context = reviewer.context();
    await signIn(reviewer, info, DEMO.unitReviewer);
    await openApplication(reviewer, name);
    await reviewer.fill('#appraisal', '该同志遵纪守法，爱岗敬业，从事建筑工程质量检测工作，独立完成检测报告一百余份，参与市重点工程检测项目三项，年度考核均为合格，同意申报。');
    await reviewer.getByRole('button', { name: '审核通过' }).click();
    await expect(reviewer.getByTestId('status')).toHaveText('单位已审核');

    const department = await context.newPage();
    await signIn(department, info, DEMO.departmentReviewer);
    await department.getByRole('link', { name: '连云港市住房和城乡建设局' }).click();
    await department.locator('tr', { hasText: name }).getByRole('link').click();
    await department.getByRole('button', { name: '审核通过' }).click();
    await expect(department.getByTestId('status')).toHaveText('主管部门已审核');

    // Still inside the paper window: the center takes the paper, one material missing.
    const clerk = await anotherPage(browser, info, later.url);
    await signInCenter(clerk, info, DEMO.centerStaff);
    await centerDesk(clerk);
    await clerk.getByTestId('intake-link').click();
    await clerk.fill('#q', name);
    await clerk.getByRole('button', { name: '查找' }).click();
    await clerk.getByTestId('found').getByRole('link').click();
    for (const item of await clerk.locator('fieldset.radios').all()) await item.locator('input[type=radio]').first().check();
    await clerk.locator('fieldset.radios').last().locator('input[value=missing]').check();
    await clerk.screenshot({ path: `test-results/center-intake-${info.project.name}.png`, fullPage: true });
    await clerk.getByRole('button', { name: '确认受理并打印回执' }).click();
    await expect(clerk.getByTestId('receipt')).toContainText('演示中心工作人员');
    await expect(clerk.locator('main')).toContainText('缺少');
    await clerk.screenshot({ path: `test-results/center-receipt-${info.project.name}.png`, fullPage: true });
    const receipt = new URL(clerk.url()).pathname;
    await open(clerk, `/lang/en?back=${encodeURIComponent(receipt)}`, info);
    await expect(clerk.locator('main')).toContainText('Missing');
    await clerk.screenshot({ path: `test-results/center-receipt-en-${info.project.name}.png`, fullPage: true });
    await context.close();
    await clerk.context().close();
  } finally {
    later.stop();
  }

  // After the paper deadline: one member proposes a rejection, another confirms it, and the
  // applicant reads the reasons.
  const decided = await serverAt('2026-06-08', jsOn(info) ? 20 : 21);
  try {
    const first = await anotherPage(browser, info, decided.url);
    await signInCenter(first, info, DEMO.centerStaff);
    await centerDesk(first);
    await first.getByTestId('re-review-link').click();
    // Select all on the page: the batch above the list ticks every row that can pass, and its
    // button says how many.
    await first.getByTestId('pick-page').click();
    await expect(first.locator('tr', { hasText: name }).locator('input[type=checkbox]')).toBeChecked();
    await expect(first.getByTestId('batch-button')).toContainText(/复审通过勾选的 \d+ 份申报/);
    await first.locator('tr', { hasText: name }).getByRole('link').click();
    await first.screenshot({ path: `test-results/center-re-review-${info.project.name}.png`, fullPage: true });
    await first.check('#reject_materials_untrue');
    await first.fill('#reject_text', '业绩证明与单位出具的证明不一致');
    await first.check('#confirm_propose');
    await first.getByRole('button', { name: '提议不通过' }).click();
    await expect(first.getByTestId('proposal')).toContainText('不通过须由另一位工作人员确认');
    // What was done, and the way on.
    await expect(first.getByTestId('done')).toContainText('等待另一位工作人员确认');
    const second = await anotherPage(browser, info, decided.url);
    await signInCenter(second, info, DEMO.centerSecond);
    await centerDesk(second);
    await second.getByTestId('re-review-link').click();
    await second.locator('tr', { hasText: name }).getByRole('link').click();
    await second.check('#confirm_reject');
    await second.getByRole('button', { name: '确认不通过' }).click();
    await expect(second.getByTestId('status')).toHaveText('复审未通过');
    await expect(second.getByTestId('done')).toContainText(`已确认${name}的申报复审不予通过`);
    await expect(second.getByTestId('next').or(second.getByTestId('none-waiting'))).toBeVisible();
    const applicant = await anotherPage(browser, info, decided.url);
    await open(applicant, '/login', info);
    await applicant.fill('#id_number', applicantId);
    await applicant.fill('#password', 'lianyungang-haizhou-9271');
    await applicant.locator('form button[type=submit]').last().click();
    await open(applicant, '/apply/status', info);
    await expect(applicant.getByTestId('status')).toHaveText('复审未通过');
    await expect(applicant.locator('.timeline')).toContainText('申报材料与事实不符；业绩证明与单位出具的证明不一致');
    // The page leads with the decision, not with what to do before the paper deadline, and says
    // which organisations opened the application (not who).
    await expect(applicant.getByTestId('decision')).toContainText('复审未通过');
    await expect(applicant.locator('main')).not.toContainText('接下来您要做的');
    await expect(applicant.getByTestId('looked-at-by')).toContainText('连云港市人才服务中心');
    await expect(applicant.getByTestId('looked-at-by')).not.toContainText('演示中心工作人员');
    await applicant.screenshot({ path: `test-results/applicant-rejected-${info.project.name}.png`, fullPage: true });
  } finally {
    decided.stop();
  }
});
