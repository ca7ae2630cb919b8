// Lighthouse (mobile profile, its default: a mid-range phone on a slow 4G link, simulated) on the
// pages applicants open most and on the certificate check as its QR code opens it; the desktop
// profile on a unit reviewer's desk; against a running server: the four category scores, LCP,
// TBT and CLS. Signed-in pages use a demo session: its cookies are put in the browser and
// Lighthouse is told to keep them. Usage: node bench/lighthouse.mjs http://127.0.0.1:3203
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import puppeteer from 'puppeteer-core';

const base = process.argv[2] ?? 'http://127.0.0.1:3203';

/** Signs the demo applicant in through the login form; returns the cookies it set. */
async function signIn(id) {
  const login = await fetch(`${base}/login`);
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  };
  keep(login);
  const csrf = (await login.text()).match(/name="csrf-token" content="([^"]+)"/)[1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    },
    body: new URLSearchParams({ csrf, id_number: id, password: 'demo1234' }),
  });
  keep(res);
  if (!jar.has('chuding_session')) throw new Error(`signing in as ${id} failed: ${res.status}`);
  return [...jar].map(([name, value]) => ({ name, value, url: base }));
}

/** The demo certificate's QR code, as a phone reads it off the PDF. */
async function certificateQr() {
  const holder = await signIn('320706199309090094');
  const pdf = await fetch(`${base}/apply/certificate.pdf`, {
    headers: { Cookie: holder.map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  if (!pdf.ok) throw new Error(`the demo certificate: ${pdf.status}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lighthouse-qr-'));
  fs.writeFileSync(path.join(dir, 'c.pdf'), Buffer.from(await pdf.arrayBuffer()));
  execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', path.join(dir, 'c.pdf'), path.join(dir, 'c')]);
  const qr = execFileSync('zbarimg', ['--quiet', '--raw', path.join(dir, 'c.png')]).toString().trim();
  fs.rmSync(dir, { recursive: true });
  return qr.slice(qr.indexOf('/verify'));
}

const applicant = await signIn(process.env.LIGHTHOUSE_APPLICANT ?? '320706198808081235');
const reviewer = await signIn('320706198001010014');
const pages = [
  { path: '/' },
  { path: '/check' },
  { path: '/apply', cookies: applicant },
  { path: '/apply/status', cookies: applicant },
  { path: await certificateQr(), label: '/verify#(QR)' },
  { path: '/staff', cookies: reviewer, desktop: true },
];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const rows = [];
try {
  for (const { path, cookies, desktop, label } of pages) {
    const signedIn = cookies !== undefined;
    if (signedIn) {
      const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
      const page = (await browser.pages())[0] ?? (await browser.newPage());
      const cdp = await page.createCDPSession();
      await cdp.send('Network.clearBrowserCache');
      await browser.setCookie(...cookies);
      await browser.disconnect();
    }
    const result = await lighthouse(`${base}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      // The session's cookies stay; the cache was cleared above, so it is still a first visit.
      disableStorageReset: signedIn,
    }, desktop ? desktopConfig : undefined);
    const { categories: c, audits: a } = result.lhr;
    const score = (k) => Math.round(c[k].score * 100);
    rows.push({
      page: (label ?? path) + (desktop ? ' (desktop)' : ''),
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
      'LCP s': +(a['largest-contentful-paint'].numericValue / 1000).toFixed(2),
      'TBT ms': Math.round(a['total-blocking-time'].numericValue),
      CLS: +a['cumulative-layout-shift'].numericValue.toFixed(3),
      'final URL': result.lhr.finalDisplayedUrl.replace(base, '').slice(0, 40),
    });
  }
} finally {
  await chrome.kill();
}
console.table(rows);
console.log('(targets: performance ≥ 95, LCP ≤ 2.5 s, accessibility 100)');
