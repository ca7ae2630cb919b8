// Screenshots of what issue #27 changed, for a look by eye (zh/en, JavaScript on and off):
// a name the registration refuses, the sign-in after too many failures (429), the reviewer's page
// of an applicant with a hostile name, and the certificate check of a QR code without the ID.
//   node limits-shots.mjs BASE OUTDIR   (a server with `seed-demo --hostile`, default limits)
import { chromium } from '@playwright/test';
import { signIn } from './shots-lib.mjs';
const [base, out] = [process.argv[2] ?? 'http://127.0.0.1:3000', process.argv[3] ?? 'test-results/limits-shots'];
const args = ['--headless', '--no-sandbox', '--disable-gpu'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const shot = (page, name, lang, js) =>
  page.screenshot({ path: `${out}/${name}-${lang}-${js ? 'js' : 'nojs'}.png`, fullPage: true });
let victim = 0;
for (const js of [true, false]) {
  for (const lang of ['zh', 'en']) {
    const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/lang/${lang}?back=/register`);
    await page.fill('#real_name', '</title><script>王😀');
    await page.selectOption('#id_type', 'resident_id_card');
    await page.fill('#id_number', '11010519491231002X');
    await page.fill('#mobile', '13812345678');
    await page.fill('#password', 'password1');
    await page.fill('#password_confirm', 'password1');
    await page.locator('form button[type=submit]').last().click();
    await page.waitForLoadState();
    await shot(page, 'register-refused', lang, js);
    // Someone else's account, guessed from here until it waits.
    const ids = ['320706199005050050', '320706199106060063', '320706199207070076', '320706198808081235'];
    const id = ids[victim++];
    for (let i = 0; i < 7; i++) {
      await page.goto(`${base}/login`);
      await page.fill('#id_number', id);
      await page.fill('#password', `wrong-guess-${i}`);
      await page.locator('form button[type=submit]').last().click();
      await page.waitForLoadState();
    }
    await shot(page, 'sign-in-429', lang, js);
    await ctx.close();
    const staff = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } });
    const desk = await staff.newPage();
    await signIn(base, desk, '320706198001010014', lang);
    const first = await desk.locator('a[href^="/staff/"]').first().getAttribute('href');
    await desk.goto(base + first);
    const link = desk.locator('tr', { hasText: '</title>' }).locator('a[href*="/applications/"]').first();
    await desk.goto(base + (await link.getAttribute('href')));
    await shot(desk, 'reviewer-hostile-name', lang, js);
    await staff.close();
  }
}
await browser.close();
