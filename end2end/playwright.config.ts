import { defineConfig } from '@playwright/test';
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';

// The release server on its own port with a fresh SQLite file and a fixed clock inside the online window.
const port = Number(process.env.CHUDING_E2E_PORT || 3100);
export const baseURL = `http://127.0.0.1:${port}`;
// Set once in the main process and inherited by the workers (which load this file again), so a
// test can start a second server on the same database (the clock moved on).
const dataDir = (process.env.CHUDING_E2E_DATA ??= fs.mkdtempSync(path.join(os.tmpdir(), 'chuding-e2e-')));
const bin = (process.env.CHUDING_BIN ??= path.resolve(__dirname, '../target/release/chuding'));
const siteRoot = (process.env.LEPTOS_SITE_ROOT ??= path.resolve(__dirname, '../target/site'));
process.env.CHUDING_E2E_PORT ??= String(port);
// The suite registers and signs in many people from one address, and its two workers sign the
// demo administrator in at the same moment (one of two identical codes is refused as replayed,
// which counts as a wrong code); the limits themselves, their 429 page in both languages and
// Retry-After are tested in server/tests/limits.rs and certificate_seal.rs.
// The server runs as if behind a TLS proxy on 127.0.0.1 (whose X-Forwarded-Proto it believes;
// the browser sends no X-Forwarded-For, so every visitor is that address, as in these tests).
process.env.CHUDING_TRUSTED_PROXIES ??= '127.0.0.1';
process.env.CHUDING_LIMITS ??=
  'register=100000/1m,second-factor=100000/1m,self-check=100000/1m,sign-in-address=100000/1m,invitation=100000/1m,certificate-check=100000/1m,eligibility=100000/1m';

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  outputDir: path.resolve(__dirname, 'test-results'),
  use: {
    baseURL,
    launchOptions: chromium,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
  },
  // The whole-path test starts a second server whose clock is a week later; its sign-ins sweep
  // the sessions that are expired by its clock, which are everyone else's: it runs after the
  // others, one project after the other.
  projects: [
    { name: 'hydrate', use: { javaScriptEnabled: true }, testIgnore: /review-flow/ },
    { name: 'ssr', use: { javaScriptEnabled: false }, testIgnore: /review-flow/ },
    { name: 'flow-hydrate', use: { javaScriptEnabled: true }, testMatch: /review-flow/, dependencies: ['hydrate', 'ssr'] },
    { name: 'flow-ssr', use: { javaScriptEnabled: false }, testMatch: /review-flow/, dependencies: ['flow-hydrate'] },
  ],
  webServer: {
    // The demo's organisations, reviewers and applications, for the staff pages.
    // A fresh seal key per run (the database is fresh too), for the certificates' QR codes.
    command: `rm -f "${dataDir}/seal.key" && "${bin}" keygen --out "${dataDir}/seal.key" >/dev/null && "${bin}" seed-demo && "${bin}" serve --clock 2026-05-20`,
    url: `${baseURL}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dataDir}/e2e.db?mode=rwc`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      CHUDING_LOG: 'warn',
      CHUDING_SEAL_KEY: `${dataDir}/seal.key`,
    },
  },
});
