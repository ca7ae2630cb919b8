import { test, expect } from '@playwright/test';
import { open, jsOn, watchConsole } from './helpers';

test('the home page renders in Chinese with the round, the contact window and the fixed-clock banner', async ({ page }, info) => {
  const errors = watchConsole(page);
  await open(page, '/', info);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026 年度上半年专业技术资格初定');
  await expect(page.getByText('2026年5月11日 至 2026年5月29日')).toBeVisible();
  await expect(page.getByText('2026年5月11日 至 2026年6月5日')).toBeVisible();
  await expect(page.locator('footer')).toContainText('0518—85812002');
  await expect(page.locator('footer')).toContainText('花果山大道19-5号');
  await expect(page.locator('.clock-banner')).toContainText('2026-05-20');
  await expect(page.getByRole('link', { name: '开始资格自测' })).toHaveAttribute('href', '/check');
  await page.screenshot({ path: `test-results/home-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the materials list opens and closes, with JavaScript on or off (the home page loads no WebAssembly)', async ({ page }, info) => {
  await open(page, '/', info);
  expect(await page.locator('script[type=module]').count(), 'no hydration script on the home page').toBe(0);
  const summary = page.locator('details.materials-details > summary');
  await expect(summary).toHaveText('材料清单');
  await expect(page.locator('#materials-list')).toBeVisible();
  await summary.click();
  await expect(page.locator('#materials-list')).toBeHidden();
  await summary.click();
  await expect(page.locator('#materials-list')).toBeVisible();
});

test('the language switch turns the site English and is remembered', async ({ page }, info) => {
  await open(page, '/', info);
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Professional title initial determination, first half of 2026');
  await open(page, '/check', info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eligibility self-check');
  await page.screenshot({ path: `test-results/check-en-${info.project.name}.png`, fullPage: true });
  await page.getByRole('link', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveURL(/\/check$/);
});

test('an unknown page says so in Chinese with a 404', async ({ page }) => {
  const res = await page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
});
