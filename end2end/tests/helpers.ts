import { Page, TestInfo, expect } from '@playwright/test';

export const jsOn = (info: TestInfo) => info.project.name === 'hydrate';

/** Opens a page; with JavaScript on, waits until the WebAssembly has hydrated it. */
export async function open(page: Page, url: string, info: TestInfo) {
  await page.goto(url);
  if (jsOn(info)) {
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
  await page.fill('#password', 'secret123');
  await page.fill('#password_confirm', 'secret123');
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
  await expect(page).toHaveURL(/\/(account|staff)$/);
}

/** The demo's logins (`chuding seed-demo`). */
export const DEMO = {
  submitted: '320706198808081235',
  unitReviewer: '320706198001010014',
  departmentReviewer: '320706198102020027',
};
