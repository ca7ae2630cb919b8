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
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}
