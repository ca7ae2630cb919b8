// Screenshots of the QR check of a certificate before and after its revocation, Chinese and
// English, desktop and phone, for a look by eye: node verify-shots.mjs BASE _ OUTDIR (a server with
// the demo data and a seal key; the second argument is unused, for the shots runner).
import { chromium } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { signIn, secondFactor } from './shots-lib.mjs';
const [base, , out] = [process.argv[2], process.argv[3], process.argv[4] ?? 'test-results/verify-shots'];
fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });

const holder = await (await browser.newContext()).newPage();
await signIn(base, holder, '320706199309090094', 'zh');
const pdf = await holder.request.get(`${base}/apply/certificate.pdf`);
fs.writeFileSync(`${out}/certificate.pdf`, await pdf.body());
execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', `${out}/certificate.pdf`, `${out}/certificate-200`]);
const qr = execFileSync('zbarimg', ['--quiet', '--raw', `${out}/certificate-200.png`]).toString().trim();
const number = (await holder.goto(`${base}/apply/status`), (await holder.getByTestId('certificate').locator('dd.reference').textContent()).trim());

async function shots(state) {
  for (const lang of ['zh', 'en']) {
    for (const [device, viewport] of [['desktop', { width: 1100, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
      const page = await (await browser.newContext({ viewport })).newPage();
      await page.goto(`${base}/lang/${lang}?back=/verify`);
      await page.goto(qr.replace(/^https?:\/\/[^/]+/, base));
      await page.waitForSelector('[data-testid=seal-online][data-outcome]:not([data-outcome=pending])', { timeout: 15000 });
      await page.screenshot({ path: `${out}/qr-${state}-${lang}-${device}.png`, fullPage: true });
      await page.context().close();
    }
  }
}
await shots('valid');
const admin = await (await browser.newContext()).newPage();
await signIn(base, admin, '320706198304040042', 'zh');
await secondFactor(admin, 'MNUHKZDJNZTS2ZDFNVXS2Y3FNZ2GK4RB');
const center = (await admin.locator('main a[href^="/staff/"]').first().getAttribute('href'));
await admin.goto(`${base}${center}/revocations`);
await admin.fill('#number', number);
await admin.fill('#reason', '申报材料弄虚作假');
await admin.locator('form button[type=submit]').last().click();
await admin.waitForLoadState();
await admin.screenshot({ path: `${out}/revoke-asks-zh.png`, fullPage: true });
await admin.check('#confirm_revoke');
await admin.locator('form button[type=submit]').last().click();
await admin.waitForLoadState();
await shots('revoked');
await browser.close();
