// Screenshots of the staff pages for a look by eye, Chinese and English, JavaScript on and off:
// node staff-shots.mjs BASE OUTDIR (a server with the demo data; the demo's logins and key).
import { chromium } from '@playwright/test';
import { totp, signIn as signInAt } from './shots-lib.mjs';
const [base, out] = [process.argv[2] ?? 'http://127.0.0.1:3000', process.argv[3] ?? 'test-results/staff-shots'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const signIn = (page, id, lang) => signInAt(base, page, id, lang);
const used = new Map();
const freshCode = async (who) => {
  while (used.get(who) === totp('MNUHKZDJNZTS2ZDFNVXS2Y3FNZ2GK4RB')) await new Promise((r) => setTimeout(r, 1000));
  const code = totp('MNUHKZDJNZTS2ZDFNVXS2Y3FNZ2GK4RB');
  used.set(who, code);
  return code;
};
const shot = (page, name) => page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
for (const js of [true, false]) {
  for (const lang of ['zh', 'en']) {
    const tag = `${lang}-${js ? 'js' : 'nojs'}`;
    const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, '320706198001010014', lang);
    const unit = (await page.locator('main a[href^="/staff/"]').first().getAttribute('href'));
    await page.goto(base + unit);
    await shot(page, `queue-${tag}`);
    await page.goto(`${base}${unit}/publicity`);
    await shot(page, `publicity-${tag}`);
    await page.goto(base + unit);
    await page.locator('tr', { hasText: '演示已提交' }).getByRole('link').click();
    await page.waitForLoadState();
    await shot(page, `application-${tag}`);
    await page.goto(`${base}${unit}/help`);
    await shot(page, `help-unit-${tag}`);
    await ctx.close();

    const admin = await (await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } })).newPage();
    await signIn(admin, '320706198304040042', lang);
    await shot(admin, `two-factor-${tag}`);
    await admin.fill('#code', await freshCode('admin'));
    await admin.locator('form button[type=submit]').last().click();
    await admin.waitForLoadState();
    const center = (await admin.locator('main a[href^="/staff/"]').first().getAttribute('href'));
    await admin.goto(`${base}${center}/organisations`);
    await shot(admin, `directory-${tag}`);
    await admin.goto(`${base}${center}/invitations`);
    await shot(admin, `invitations-${tag}`);
    await admin.goto(`${base}${center}/dashboard`);
    await shot(admin, `dashboard-${tag}`);
    await admin.goto(`${base}${center}/round?status=approved`);
    await shot(admin, `round-${tag}`);
    await admin.goto(`${base}${center}/round?from=2026-02-30`);
    await shot(admin, `round-error-${tag}`);
    await admin.goto(`${base}${center}/audit`);
    await shot(admin, `audit-${tag}`);
    await admin.context().close();

    // The center's staff: the intake desk, a receipt and the re-review, when the data has them.
    const clerk = await (await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } })).newPage();
    await signIn(clerk, '320706198405050055', lang);
    await clerk.fill('#code', await freshCode('clerk'));
    await clerk.locator('form button[type=submit]').last().click();
    await clerk.waitForLoadState();
    await clerk.goto(`${base}${center}/help`);
    await shot(clerk, `help-center-${tag}`);
    await clerk.goto(`${base}${center}/intake`);
    await shot(clerk, `intake-${tag}`);
    const row = clerk.locator('main table a').first();
    if (await row.count()) {
      await row.click();
      await clerk.waitForLoadState();
      await shot(clerk, `intake-application-${tag}`);
      const receipt = await clerk.evaluate(() => location.pathname + '/receipt');
      await clerk.goto(base + receipt);
      await shot(clerk, `receipt-${tag}`);
    }
    await clerk.goto(`${base}${center}/re-review`);
    await shot(clerk, `re-review-${tag}`);
    const case_ = clerk.locator('main table a.reference').first();
    if (await case_.count()) {
      await case_.click();
      await clerk.waitForLoadState();
      await shot(clerk, `re-review-application-${tag}`);
    }
    await clerk.context().close();
  }
}
await browser.close();
