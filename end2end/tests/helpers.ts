import { Browser, Cookie, Page, TestInfo, expect } from '@playwright/test';
import { createHmac } from 'crypto';
import { spawn, ChildProcess } from 'child_process';
import * as path from 'path';

export const jsOn = (info: TestInfo) => info.project.use.javaScriptEnabled !== false;

/** Opens a page; with JavaScript on, waits until the WebAssembly has hydrated it. */
export async function open(page: Page, url: string, info: TestInfo) {
  await page.goto(url);
  // Pages with nothing to make live load no WebAssembly (app/src/bundle): nothing to wait for.
  // The applicant bundle wakes at the first sign of use, as a person's first key press would.
  if (jsOn(info) && (await page.locator('script[type=module]').count()) > 0) {
    await page.keyboard.press('Shift');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
  }
}

/** Fails the test on any console error or page error (a broken hydration shows up here). */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  // A form the server refuses answers 422 with the page again: expected, not an error.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** A valid resident ID number (GB 11643 check character), unique per call within a run. */
export function residentId(): string {
  const seq = Math.floor(Math.random() * 900) + 100 + Date.now() % 1000;
  const day = String(1 + (Date.now() % 28)).padStart(2, '0');
  const first17 = `3207061990${String(1 + (seq % 12)).padStart(2, '0')}${day}${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first17.split('').reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

export async function register(page: Page, info: TestInfo, name: string): Promise<string> {
  const id = residentId();
  await open(page, '/register', info);
  await page.fill('#real_name', name);
  await page.selectOption('#id_type', 'resident_id_card');
  await page.fill('#id_number', id);
  await page.fill('#mobile', '13812345678');
  await page.fill('#password', 'lianyungang-haizhou-9271');
  await page.fill('#password_confirm', 'lianyungang-haizhou-9271');
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page).toHaveURL(/\/account$/);
  return id;
}

export async function saveAndContinue(page: Page) {
  await page.getByRole('button', { name: '保存并继续' }).click();
}

/** Who is applying: a municipal employee with a contract, engineering, none of the exclusions. */
export async function answerScope(page: Page) {
  await page.selectOption('#category', 'municipal_unit_employee');
  await page.check('#labor_relationship-yes');
  await page.selectOption('#series', 'engineering');
  await page.check('#civil_servant-no');
  await page.check('#retired-no');
  await page.check('#sanction_in_effect-no');
}

/** One full-time regular diploma and degree, graduated on `graduated`. */
export async function answerEducation(page: Page, level: 'bachelor' | 'master', graduated: string) {
  await page.selectOption('#edu_level', level);
  await page.selectOption('#edu_credential', 'diploma_and_degree');
  await page.selectOption('#edu_source', 'regular');
  await page.selectOption('#edu_completion', 'graduated');
  await page.check('#edu_full_time-yes');
  await page.fill('#edu_graduation_date', graduated);
}

/** Signs in with a demo login (password demo1234); staff land on their desk. */
export async function signIn(page: Page, info: TestInfo, id: string) {
  await open(page, '/login', info);
  await page.fill('#id_number', id);
  await page.fill('#password', 'demo1234');
  await page.locator('form button[type=submit]').last().click();
  await expect(page).toHaveURL(/\/(account|staff|login\/two-factor)$/);
}

/** The code an authenticator app shows now for a base32 secret (RFC 6238: SHA-1, 30 s, 6 digits). */
export function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19] & 0x0f;
  const n = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

/** Sessions of center accounts this worker has signed in, by ID number: their cookies. */
const centerSessions = new Map<string, Cookie[]>();

/** A demo center account (administrator by default): password, then the code of the published key.
 * A code is good once and the server accepts at most one step ahead, so one account can sign in
 * about once per 30 s: the tests of a worker share its session (kept as its cookies, without the
 * visitor's preferences) and sign in again only when the server no longer knows it. */
export async function signInCenter(page: Page, info: TestInfo, id: string = DEMO.centerAdmin) {
  const kept = centerSessions.get(id);
  if (kept) {
    await page.context().addCookies(kept);
    await open(page, '/staff', info);
    if (new URL(page.url()).pathname === '/staff') return;
    await page.context().clearCookies();
  }
  await signIn(page, info, id);
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await passSecondFactor(page, info);
  const cookies = await page.context().cookies();
  centerSessions.set(id, cookies.filter((c) => c.name !== 'lang' && c.name !== 'text'));
}

/** The second factor with the demo's published key. A code is good once: the same account signed
 * in a moment ago (another test) used this step's code, so try the next step's (accepted too),
 * and else wait for a new step, as a person would wait for the app's next code. */
export async function passSecondFactor(page: Page, info: TestInfo) {
  for (let attempt = 0; attempt < 8; attempt++) {
    await page.fill('#code', totp(DEMO_TOTP_SECRET, Date.now() + (attempt % 2) * 30_000));
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login/two-factor'),
      page.locator('form button[type=submit]').last().click(),
    ]);
    if (answer.status() === 303) {
      await expect(page).toHaveURL(/\/staff$/);
      return;
    }
    await page.waitForLoadState();
    if (attempt % 2 === 1) {
      const wait = 30_000 - (Date.now() % 30_000) + 500;
      info.setTimeout(info.timeout + wait + 5_000);
      await page.waitForTimeout(wait);
    }
  }
  await expect(page).toHaveURL(/\/staff$/);
}

/** The demo administrator's published authenticator key (`chuding seed-demo`). */
export const DEMO_TOTP_SECRET = 'MNUHKZDJNZTS2ZDFNVXS2Y3FNZ2GK4RB';

/** A unified social credit code that passes GB 32100, from 17 characters. */
export function creditCode(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = first17.split('').reduce((acc, c, i) => acc + alphabet.indexOf(c) * weights[i], 0);
  return first17 + alphabet[(31 - (sum % 31)) % 31];
}

/** A second server on the same database with the clock at `day`, on its own port. */
export async function serverAt(day: string, offset: number): Promise<{ url: string; stop: () => void }> {
  const port = Number(process.env.CHUDING_E2E_PORT) + offset;
  const child: ChildProcess = spawn(process.env.CHUDING_BIN!, ['serve', '--clock', day], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${path.join(process.env.CHUDING_E2E_DATA!, 'e2e.db')}?mode=rwc`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      CHUDING_LOG: 'warn',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop: () => child.kill() };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`no server at ${url}`);
}

/** The demo's logins (`chuding seed-demo`). */
export const DEMO = {
  submitted: '320706198808081235',
  unitReviewer: '320706198001010014',
  departmentReviewer: '320706198102020027',
  agencyReviewer: '32070619820303003X',
  certified: '320706199309090094',
  centerAdmin: '320706198304040042',
  centerStaff: '320706198405050055',
  centerSecond: '320706198708080083',
};

/** Another person's browser in the same project (JavaScript as the project has it). */
export async function anotherPage(browser: Browser, info: TestInfo, baseURL?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL ?? (info.project.use.baseURL as string), javaScriptEnabled: jsOn(info), locale: 'zh-CN' });
  return context.newPage();
}
