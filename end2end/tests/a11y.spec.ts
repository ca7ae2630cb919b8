import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { open, register } from './helpers';

async function noSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

// axe runs in the page, so only with JavaScript on; the ssr project serves the same HTML.
test('public pages have no serious or critical axe violations', async ({ page }, info) => {
  test.skip(info.project.name === 'ssr', 'axe needs JavaScript in the page');
  for (const path of ['/', '/check', '/check?checked=1&work_start_date=2024-13-45', '/register', '/login', '/no-such-page']) {
    await open(page, path, info);
    await noSeriousViolations(page, path);
  }
});

test('the application pages have no serious or critical axe violations', async ({ page }, info) => {
  test.skip(info.project.name === 'ssr', 'axe needs JavaScript in the page');
  await register(page, info, '无障碍测试');
  await noSeriousViolations(page, '/account');
  await open(page, '/apply', info);
  await noSeriousViolations(page, '/apply (not started)');
  await page.getByRole('button', { name: '开始申报' }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await noSeriousViolations(page, '/apply (task list)');
  for (const section of ['personal', 'scope', 'education', 'work', 'records', 'access', 'employer', 'review']) {
    await open(page, `/apply/${section}`, info);
    await noSeriousViolations(page, `/apply/${section}`);
  }
});
