import { test, expect, Page, TestInfo, Response, BrowserContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { open, jsOn, register, saveAndContinue, answerScope, answerEducation, signIn, passSecondFactor, DEMO } from './helpers';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the page being shown. axe is a script in the page: with JavaScript on that is the
 *  hydrated page itself. With JavaScript off (ssr project) the page cannot run it, so the very HTML
 *  the server sent is loaded into a second page that may run scripts but whose own bundles
 *  (/pkg/*.js, *.wasm) are blocked: axe sees the server's markup, never hydrated, with its CSS. */
class Auditor {
  private last?: Response;
  private scripted?: BrowserContext;
  readonly problems: string[] = [];

  constructor(private page: Page, private info: TestInfo) {
    page.on('response', (r) => {
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) this.last = r;
    });
  }

  async check(label: string) {
    let target = this.page;
    if (!jsOn(this.info)) {
      expect(this.last, `${label}: no page was loaded`).toBeDefined();
      const url = this.last!.url();
      const html = await this.last!.text();
      this.scripted ??= await this.page.context().browser()!.newContext({ javaScriptEnabled: true, locale: 'zh-CN' });
      target = await this.scripted.newPage();
      await target.route(/\/pkg\/.*\.(js|wasm)$/, (r) => r.abort());
      await target.route((u) => u.href === url, (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await target.goto(url);
      await expect(target.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
    }
    const results = await new AxeBuilder({ page: target }).withTags(TAGS).analyze();
    // An empty or unstyled page would pass too: make sure axe looked at the real one.
    await expect(target.locator('main h1')).not.toBeEmpty();
    expect(results.passes.length, `${label}: rules axe checked`).toBeGreaterThan(10);
    for (const v of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      this.problems.push(`${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
    if (target !== this.page) await target.close();
  }

  async close() {
    await this.scripted?.close();
  }
}

test('public pages have no serious or critical axe violations', async ({ page }, info) => {
  test.setTimeout(90_000);
  const axe = new Auditor(page, info);
  for (const path of ['/', '/check', '/check?checked=1&work_start_date=2024-13-45', '/register', '/login', '/no-such-page', '/verify', '/verify?number=2026-1-000001-0&name=x', '/lang/en?back=/check']) {
    await open(page, path, info);
    await axe.check(path);
  }
  await open(page, '/lang/zh?back=/register', info);
  // A refused registration: the error summary and the kept values.
  await page.fill('#real_name', '测试');
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await axe.check('/register (errors)');
  await open(page, '/login', info);
  await page.fill('#id_number', '11010519491231002X');
  await page.fill('#password', 'wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await axe.check('/login (errors)');
  await axe.close();
  expect(axe.problems).toEqual([]);
});

test('长辈模式: pages in large text have no serious or critical axe violations, and the switch goes back', async ({ page }, info) => {
  test.setTimeout(90_000);
  const axe = new Auditor(page, info);
  await open(page, '/text/large?back=/check', info);
  await expect(page).toHaveURL(/\/check$/);
  for (const path of ['/', '/check', '/register', '/login', '/verify']) {
    await open(page, path, info);
    await expect(page.locator('html')).toHaveClass(/large-text/);
    await axe.check(`${path} (large text)`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, '/check', info);
  await page.screenshot({ path: `test-results/large-text-check-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('text-switch').click();
  await expect(page).toHaveURL(/\/check$/);
  await expect(page.locator('html')).not.toHaveClass(/large-text/);
  await axe.close();
  expect(axe.problems).toEqual([]);
});

test('every page of the application journey has no serious or critical axe violations', async ({ page }, info) => {
  test.setTimeout(150_000);
  const axe = new Auditor(page, info);
  await register(page, info, '无障碍测试');
  await axe.check('/account');
  await open(page, '/apply', info);
  await axe.check('/apply (not started)');
  await page.getByRole('button', { name: '开始申报' }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await axe.check('/apply (task list)');

  await open(page, '/apply/personal', info);
  await axe.check('/apply/personal');
  await page.fill('#unit_name', '连云港市某某设计院');
  await page.fill('#specialty', '建筑工程');
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/scope$/);
  await axe.check('/apply/scope');
  await answerScope(page);
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/education$/);
  await axe.check('/apply/education');
  await answerEducation(page, 'master', '2026-03-31');
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/work$/);
  await axe.check('/apply/work');
  // A wrong date: the page again with its error summary.
  await page.fill('#work_start_date', '2026-13-45');
  await page.fill('#post_start_date', '2026-04-01');
  await page.check('#professional_work-yes');
  await saveAndContinue(page);
  await expect(page.locator('.error-summary')).toBeVisible();
  await axe.check('/apply/work (errors)');
  await page.fill('#work_start_date', '2026-04-01');
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/records$/);
  await axe.check('/apply/records');
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/access$/);
  await axe.check('/apply/access');
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/employer$/);
  await axe.check('/apply/employer');
  await page.check('#dispatched-no');
  await page.check('#social_insurance_verifiable-yes');
  await saveAndContinue(page);
  await expect(page).toHaveURL(/\/apply\/review$/);
  await axe.check('/apply/review');
  // Submitting without the pledge: refused on the review page.
  await page.getByRole('button', { name: '承诺并提交申报' }).click();
  await expect(page.locator('.error-summary')).toContainText('诚信承诺');
  await axe.check('/apply/review (pledge missing)');
  await page.check('#pledge');
  await page.getByRole('button', { name: '承诺并提交申报' }).click();
  await expect(page).toHaveURL(/\/apply\/submitted$/);
  await axe.check('/apply/submitted');
  for (const path of ['/apply/materials', '/apply/status', '/apply/status?pdf=unavailable', '/account/password']) {
    await open(page, path, info);
    await axe.check(path);
  }
  await axe.close();
  expect(axe.problems).toEqual([]);
});

test('the staff pages have no serious or critical axe violations', async ({ page }, info) => {
  test.setTimeout(60_000);
  const audit = new Auditor(page, info);
  await signIn(page, info, DEMO.unitReviewer);
  await audit.check('staff desk');
  await page.getByRole('link', { name: '连云港市港城建设工程质量检测有限公司' }).click();
  await audit.check('queue');
  await page.getByRole('link', { name: '打印公示名单' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('专业技术资格初定申报公示');
  await audit.check('publicity notice');
  await page.screenshot({ path: `test-results/staff-publicity-${info.project.name}.png`, fullPage: true });
  await page.goBack();
  await page.locator('tr', { hasText: '演示已提交' }).getByRole('link').click();
  await audit.check('application');
  await audit.close();
  expect(audit.problems).toEqual([]);
});

test('the center administrator\'s pages have no serious or critical axe violations', async ({ page }, info) => {
  test.setTimeout(60_000);
  const audit = new Auditor(page, info);
  await signIn(page, info, DEMO.centerAdmin);
  await audit.check('second factor');
  await passSecondFactor(page, info);
  await page.getByRole('link', { name: '连云港市人才服务中心', exact: true }).click();
  await audit.check('center desk');
  await page.getByTestId('directory-link').click();
  await audit.check('directory');
  await page.goBack();
  await page.getByTestId('invitations-link').click();
  await audit.check('invitations');
  await page.screenshot({ path: `test-results/center-invitations-${info.project.name}.png`, fullPage: true });
  await page.goBack();
  await page.getByTestId('dashboard-link').click();
  await audit.check('dashboard');
  await page.goBack();
  await page.getByTestId('round-link').click();
  await audit.check('the round\'s list');
  await page.goBack();
  await page.getByTestId('audit-link').click();
  await audit.check('audit log');
  await audit.close();
  expect(audit.problems).toEqual([]);
});
