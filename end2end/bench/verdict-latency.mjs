// Time from an input event to the verdict panel's update on /check, measured in the browser
// (performance.now() before dispatching the event; a MutationObserver on the panel records the
// update). Prints the median and p95 over 60 changes. Usage: node verdict-latency.mjs BASE_URL
import { chromium } from 'playwright-core';

const base = process.argv[2] || 'http://127.0.0.1:3201';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
await page.goto(`${base}/check?category=municipal_unit_employee&labor_relationship=yes&series=engineering&civil_servant=no&retired=no&sanction_in_effect=no&edu_level=bachelor&edu_credential=diploma_and_degree&edu_source=regular&edu_completion=graduated&edu_full_time=yes&edu_graduation_date=2024-06-30&work_start_date=2024-07-08&post_start_date=2024-07-08&professional_work=yes&probation_passed=yes&assessment_2025=qualified&ce_2025=1&dispatched=no&social_insurance_verifiable=yes`);
await page.waitForSelector('body[data-hydrated="true"]');
const times = await page.evaluate(async () => {
  const panel = document.querySelector('[data-testid="verdict-outcome"]').closest('section');
  const select = document.getElementById('series');
  const out = [];
  for (let i = 0; i < 60; i++) {
    const next = select.value === 'engineering' ? 'accounting' : 'engineering';
    const done = new Promise((resolve) => {
      const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now()); });
      obs.observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const t0 = performance.now();
    select.value = next;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    out.push((await done) - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
});
await browser.close();
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.ceil(times.length * p) - 1)];
console.log(`verdict panel update after an input event: median ${pct(0.5).toFixed(2)} ms, p95 ${pct(0.95).toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms (60 changes); ratio of p95 to the 16 ms target = ${(pct(0.95) / 16).toFixed(2)}`);
