// Screenshots of pages for a look by eye: node shots.mjs BASE OUTDIR (needs the demo logins).
import { chromium } from '@playwright/test';
const [base, out] = [process.argv[2] ?? 'http://127.0.0.1:3000', process.argv[3] ?? 'test-results/shots'];
const args = ['--headless', '--no-sandbox', '--disable-gpu'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
for (const js of [true, false]) {
  for (const lang of ['zh', 'en']) {
    const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } });
    const page = await ctx.newPage();
    // The public pages first, signed out.
    for (const path of ['/', '/check', '/register']) {
      await page.goto(`${base}/lang/${lang}?back=${path}`);
      await page.screenshot({ path: `${out}/${path === '/' ? '_home' : path.replaceAll('/', '_')}-${lang}-${js ? 'js' : 'nojs'}.png`, fullPage: true });
    }
    await page.goto(`${base}/lang/${lang}?back=/login`);
    await page.selectOption('#id_type', 'resident_id_card').catch(() => {});
    await page.fill('#id_number', '320706198808081235');
    await page.fill('#password', 'demo1234');
    await page.locator('form button[type=submit]').last().click();
    await page.waitForLoadState();
    for (const path of ['/apply/status', '/apply/materials', '/apply/submitted']) {
      await page.goto(base + path);
      await page.screenshot({ path: `${out}/${path.replaceAll('/', '_')}-${lang}-${js ? 'js' : 'nojs'}.png`, fullPage: true });
    }
    await ctx.close();
  }
}
await browser.close();

// The demo applicant who has not started: the task list and the personal-details section.
{
  const browser2 = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
  const page = await (await browser2.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  await page.goto(`${base}/lang/zh?back=/login`);
  await page.fill('#id_number', '11010519491231002X');
  await page.fill('#password', 'demo1234');
  await page.locator('form button[type=submit]').last().click();
  await page.waitForLoadState();
  await page.goto(`${base}/apply`);
  const start = page.getByRole('button', { name: '开始申报' });
  if (await start.count()) await start.click();
  await page.screenshot({ path: `${out}/_apply-tasks.png`, fullPage: true });
  await page.goto(`${base}/apply/personal`);
  await page.screenshot({ path: `${out}/_apply_personal.png`, fullPage: true });
  // A work start date gives the records section its year rows, in both languages.
  await page.goto(`${base}/apply/work`);
  await page.fill('#work_start_date', '2023-07-01');
  await page.locator('form button[type=submit]').last().click();
  await page.waitForLoadState();
  for (const lang of ['zh', 'en']) {
    await page.goto(`${base}/lang/${lang}?back=/apply/records`);
    await page.screenshot({ path: `${out}/_apply_records-${lang}.png`, fullPage: true });
  }
  await page.goto(`${base}/lang/zh?back=/apply/review`);
  await page.screenshot({ path: `${out}/_apply_review.png`, fullPage: true });
  await browser2.close();
}
