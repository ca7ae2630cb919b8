// Screenshots of the certificate pages for a look by eye, Chinese and English, JavaScript on and
// off: node certificate-shots.mjs BASE OUTDIR (a server with the demo data and a seal key).
import { chromium } from '@playwright/test';
import { totp, signIn as signInAt } from './shots-lib.mjs';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
const [base, out] = [process.argv[2] ?? 'http://127.0.0.1:3000', process.argv[3] ?? 'test-results/certificate-shots'];
fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const signIn = (page, id, lang) => signInAt(base, page, id, lang);
const shot = (page, name) => page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
const settle = (page, js) => js ? page.waitForSelector('body[data-hydrated=true]', { timeout: 15000 }).catch(() => {}) : Promise.resolve();
for (const js of [true, false]) {
  for (const lang of ['zh', 'en']) {
    const tag = `${lang}-${js ? 'js' : 'nojs'}`;
    const holder = await (await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1000, height: 900 } })).newPage();
    await signIn(holder, '320706199309090094', lang);
    await holder.goto(`${base}/apply/status`);
    await shot(holder, `status-${tag}`);
    const number = (await holder.getByTestId('certificate').locator('dd.reference').textContent()).trim();
    const pdf = await holder.request.get(`${base}/apply/certificate.pdf`);
    fs.writeFileSync(`${out}/certificate.pdf`, await pdf.body());
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', `${out}/certificate.pdf`, `${out}/certificate`]);
    execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', `${out}/certificate.pdf`, `${out}/certificate-200`]);
    const qr = execFileSync('zbarimg', ['--quiet', '--raw', `${out}/certificate-200.png`]).toString().trim();
    await holder.context().close();

    const visitor = await (await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1000, height: 900 } })).newPage();
    await visitor.goto(`${base}/lang/${lang}?back=/verify`);
    await settle(visitor, js);
    await shot(visitor, `verify-${tag}`);
    await visitor.goto(qr.replace(/^https?:\/\/[^/]+/, base));
    await settle(visitor, js);
    await visitor.waitForTimeout(500);
    await shot(visitor, `verify-qr-${tag}`);
    await visitor.goto(`${base}/verify?number=${encodeURIComponent(number)}&name=${encodeURIComponent('演示已发证')}`);
    await shot(visitor, `verify-valid-${tag}`);
    await visitor.goto(`${base}/verify?number=2026-1-000001-0&name=x&id_end=12`);
    await shot(visitor, `verify-errors-${tag}`);
    await visitor.context().close();

    const clerk = await (await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } })).newPage();
    await signIn(clerk, '320706198405050055', lang);
    await clerk.fill('#code', totp('MNUHKZDJNZTS2ZDFNVXS2Y3FNZ2GK4RB'));
    await clerk.locator('form button[type=submit]').last().click();
    await clerk.waitForLoadState();
    const center = (await clerk.locator('main a[href^="/staff/"]').first().getAttribute('href'));
    await clerk.goto(`${base}${center}/certificates`);
    await shot(clerk, `desk-${tag}`);
    await clerk.getByTestId('record-collection').click();
    await clerk.waitForLoadState();
    await shot(clerk, `desk-collect-errors-${tag}`);
    await clerk.context().close();
  }
}
// The friendly 429: more lookups than an address may make in a minute.
const limited = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 700 } })).newPage();
for (let i = 0; i < 40; i++) {
  const r = await limited.goto(`${base}/verify?number=2026-1-000001-2&name=x`);
  if (r.status() === 429) break;
}
await shot(limited, 'verify-429-zh-nojs');
await browser.close();
