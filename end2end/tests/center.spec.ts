import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import { open, jsOn, signIn, signInCenter, totp, creditCode, residentId, watchConsole, anotherPage, DEMO } from './helpers';

// The center's administrator, in both projects: the second factor after the password, the
// directory (a form, and a file imported all or nothing), and an invitation accepted by a new
// member of the center's staff, who sets up their own second factor.

test('the administrator keeps the directory: a form, and a CSV with a bad row imports nothing', async ({ page }, info) => {
  const errors = watchConsole(page);
  const p = jsOn(info) ? '1' : '2';
  await signInCenter(page, info);
  await page.getByRole('link', { name: '连云港市人才服务中心', exact: true }).click();
  await page.getByTestId('directory-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('组织名录');

  // The form: a wrong check character is refused, naming the field; then it saves.
  const good = creditCode(`9132070${p}MA1PW${p}00`.padEnd(17, '0').slice(0, 17));
  const wrong = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
  await page.fill('#name', `连云港市某某科技有限公司${p}`);
  await page.selectOption('#kind', 'non_public_unit');
  await page.fill('#credit_code', wrong);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('.error-summary')).toContainText('校验');
  await expect(page.locator('#name')).toHaveValue(`连云港市某某科技有限公司${p}`);
  await page.fill('#credit_code', good);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('saved')).toContainText(`连云港市某某科技有限公司${p}`);

  // A file with a bad third line: nothing imported, the line named. Then the corrected file.
  const dept = creditCode(`1132070${p}MB7${p}${p}${p}${p}${p}${p}0`.slice(0, 17));
  const unit = creditCode(`1232070${p}MB8${p}${p}${p}${p}${p}${p}0`.slice(0, 17));
  const file = (unitCode: string) => ({
    name: '机构名录.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`名称,类型,统一社会信用代码,主管部门\n连云港市某某局${p},主管部门,${dept},\n连云港市某某研究所${p},市直单位,${unitCode},连云港市某某局${p}\n`),
  });
  await page.setInputFiles('#file', file(unit.slice(0, 17) + (unit.endsWith('0') ? '1' : '0')));
  await page.getByRole('button', { name: '导入' }).click();
  await expect(page.getByTestId('import-problems')).toContainText('没有导入任何内容');
  await expect(page.getByTestId('import-problems')).toContainText('第 3 行');
  await expect(page.getByTestId('directory')).not.toContainText(`连云港市某某局${p}`);
  await page.screenshot({ path: `test-results/center-import-refused-${info.project.name}.png`, fullPage: true });
  await page.setInputFiles('#file', file(unit));
  await page.getByRole('button', { name: '导入' }).click();
  await expect(page.getByTestId('import-result')).toContainText('新增 2 个');
  await expect(page.getByTestId('directory')).toContainText(`连云港市某某研究所${p}`);
  await page.screenshot({ path: `test-results/center-directory-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('an invitation: the new member of staff sets a password, then their own second factor', async ({ page, browser }, info) => {
  await signInCenter(page, info);
  await page.getByRole('link', { name: '连云港市人才服务中心', exact: true }).click();
  await page.getByTestId('invitations-link').click();
  const name = jsOn(info) ? '中心新同事甲' : '中心新同事乙';
  await page.fill('#real_name', name);
  await page.fill('#id_number', residentId());
  await page.fill('#mobile', '13912345678');
  await page.selectOption('#organisation', { label: '连云港市人才服务中心（市人才服务中心）' });
  await page.selectOption('#role', 'center_staff');
  await page.getByRole('button', { name: '生成邀请链接' }).click();
  const link = (await page.locator('.invite-link').textContent())!;
  expect(link).toMatch(/\/invite\/[0-9a-f]{64}$/);
  await page.screenshot({ path: `test-results/center-invitation-${info.project.name}.png`, fullPage: true });

  const invitee = await anotherPage(browser, info);
  await open(invitee, new URL(link).pathname, info);
  await expect(invitee.locator('.lead')).toContainText(name);
  await invitee.fill('#password', 'guannan-xugou-lighthouse-42');
  await invitee.fill('#password_confirm', 'guannan-xugou-lighthouse-42');
  await invitee.getByRole('button', { name: '接受邀请并登录' }).click();
  await expect(invitee).toHaveURL(/\/account\/two-factor$/);
  const secret = (await invitee.getByTestId('totp-secret').textContent())!;
  await invitee.screenshot({ path: `test-results/center-two-factor-${info.project.name}.png`, fullPage: true });
  await invitee.fill('#code', totp(secret));
  await invitee.getByRole('button', { name: '开启' }).click();
  await expect(invitee.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await invitee.getByRole('link', { name: '进入工作台' }).click();
  await expect(invitee.locator('main')).toContainText('连云港市人才服务中心');
  await invitee.context().close();

  // The link is spent; the list says accepted.
  const again = await page.request.get(new URL(link).pathname);
  expect(again.status()).toBe(410);
  // A GET of the list (reloading the POST's answer would send the form again).
  await page.goto(new URL(page.url()).pathname);
  await expect(page.locator('tr', { hasText: name })).toContainText('已接受');
});

test('a unit reviewer cannot open the directory', async ({ page }, info) => {
  await signIn(page, info, DEMO.unitReviewer);
  const desk = await page.locator('main a[href^="/staff/"]').first().getAttribute('href');
  const res = await page.goto(`${desk}/organisations`);
  expect(res?.status()).toBe(403);
});

test('the round at a glance, the list filtered from the address, an export, and the audit log that saw it', async ({ page }, info) => {
  const errors = watchConsole(page);
  await signInCenter(page, info);
  await page.getByRole('link', { name: '连云港市人才服务中心', exact: true }).click();
  await page.getByTestId('dashboard-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('本轮概览');
  await expect(page.getByTestId('by-status').locator('svg[role=img]')).toBeVisible();
  await expect(page.getByTestId('by-status').locator('table')).toContainText('已提交，待单位审核');
  await expect(page.getByTestId('windows')).toContainText('纸质材料受理');
  await page.screenshot({ path: `test-results/center-dashboard-${info.project.name}.png`, fullPage: true });

  // From the dashboard's state table to the list, filtered by the address.
  await page.getByTestId('by-status').getByRole('link', { name: '已提交，待单位审核' }).click();
  await expect(page).toHaveURL(/\/round\?status=submitted$/);
  await expect(page.locator('#status')).toHaveValue('submitted');
  const all = await page.getByTestId('round-list').locator('tbody tr').count();
  expect(all).toBeGreaterThan(0);
  // A name: with JavaScript the list narrows as it is typed; without, on 筛选.
  await page.fill('#q', '演示已提交');
  if (!jsOn(info)) await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/q=%E6%BC%94%E7%A4%BA%E5%B7%B2%E6%8F%90%E4%BA%A4/);
  await expect(page.getByTestId('round-list').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('round-list')).toContainText('演示已提交');
  await expect(page.getByTestId('round-list')).toContainText('*');
  await page.screenshot({ path: `test-results/center-list-${info.project.name}.png`, fullPage: true });
  // A date that is not one is named.
  await page.goto('/staff/' + page.url().split('/staff/')[1].split('/')[0] + '/round?from=2026-02-30');
  await expect(page.locator('#from-error')).toContainText('日期格式');

  // The export of the filtered rows, ID numbers in full: a real spreadsheet, and audited.
  await page.goBack();
  await page.check('#full');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel（XLSX）' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = fs.readFileSync(await file.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');

  await page.goto('/staff');
  await page.getByRole('link', { name: '连云港市人才服务中心', exact: true }).click();
  await page.getByTestId('audit-link').click();
  await expect(page.getByTestId('audit-log')).toContainText('full=yes');
  await page.screenshot({ path: `test-results/center-audit-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});
