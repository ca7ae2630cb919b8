import { test, expect, Page } from '@playwright/test';
import { open, jsOn, signIn, signInCenter, watchConsole, DEMO } from './helpers';

// Every kind of page under its Content-Security-Policy: scripts only from the site or with the
// page's nonce, no 'unsafe-inline'; the browser reports no violation and, with JavaScript on, the
// WebAssembly still takes the page over (both bundles).

async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return violations;
}

async function checkPolicy(page: Page, url: string) {
  const res = await page.request.get(url);
  const policy = res.headers()['content-security-policy'] ?? '';
  expect(policy, url).toContain("script-src 'self' 'nonce-");
  expect(policy, url).toContain("frame-ancestors 'none'");
  expect(policy, url).not.toContain('unsafe-inline');
  expect(policy, url).not.toContain("'unsafe-eval'");
  // A new nonce each time.
  const again = (await page.request.get(url)).headers()['content-security-policy'];
  expect(again).not.toEqual(policy);
}

/** Each executable inline script on the page carries the nonce of the page's policy. */
async function scriptsCarryTheNonce(page: Page, url: string) {
  const res = await page.goto(url);
  const policy = res!.headers()['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, url).toBeTruthy();
  const inline = await page.locator('script:not([src])').evaluateAll((els) =>
    els.filter((e) => !['application/json'].includes((e as HTMLScriptElement).type)).map((e) => (e as HTMLScriptElement).nonce || e.getAttribute('nonce') || ''));
  for (const n of inline) expect(n, url).toEqual(nonce);
}

test('the applicant\'s pages run under the policy with nothing blocked', async ({ page }, info) => {
  const violations = await watchViolations(page);
  const errors = watchConsole(page);
  for (const url of ['/', '/check', '/register', '/login', '/verify']) {
    await checkPolicy(page, url);
    await open(page, url, info);
    await scriptsCarryTheNonce(page, url);
  }
  await signIn(page, info, DEMO.submitted);
  for (const url of ['/apply/status', '/apply/materials']) {
    await open(page, url, info);
  }
  if (jsOn(info)) {
    // The self-check hydrates (the applicant bundle, loaded by the nonce'd loader).
    await open(page, '/check', info);
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('the staff pages (the desk bundle) run under the policy with nothing blocked', async ({ page }, info) => {
  const violations = await watchViolations(page);
  const errors = watchConsole(page);
  await signInCenter(page, info, DEMO.centerStaff);
  const org = await page.locator('a[href^="/staff/"]').first().getAttribute('href');
  for (const url of ['/staff', `${org}/intake`, `${org}/round`, `${org}/dashboard`]) {
    await checkPolicy(page, url);
    await page.goto(url);
    await scriptsCarryTheNonce(page, url);
    if (jsOn(info)) await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
  }
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});
