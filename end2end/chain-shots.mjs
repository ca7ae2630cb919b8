// Screenshots of what issue #28 changed, for a look by eye (zh/en, JavaScript on and off): the
// applicant's approval chain on check-your-answers, the center's "to route" queue, the intake
// receipt with its supplement form, the re-review page of an application with a missing item, and
// the four-eyes state seen by the second member of staff.
//   node chain-shots.mjs EARLY LATE OUTDIR
// EARLY: a server with fresh demo data and `--clock 2026-05-20`; LATE: the same database with
// `--clock 2026-06-08`.
import { chromium } from '@playwright/test';
import { signIn, secondFactor as twoFactor } from './shots-lib.mjs';
const [early, late, out] = [process.argv[2], process.argv[3], process.argv[4] ?? 'test-results/chain-shots'];
const args = ['--headless', '--no-sandbox', '--disable-gpu'];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const shot = (page, name, lang, js) =>
  page.screenshot({ path: `${out}/${name}-${lang}-${js ? 'js' : 'nojs'}.png`, fullPage: true });

// Posts a form as the page's browser (the CSRF cookie doubled in the form).
async function post(page, base, path, form) {
  const csrf = (await page.context().cookies()).find((c) => c.name.includes('csrf'))?.value;
  return page.request.post(base + path, { form: { ...form, csrf }, maxRedirects: 0 });
}

const secondFactor = (page) => twoFactor(page, 'MNUHKZDJNZTS2ZDFNVXS2Y3FNZ2GK4RB');

const answers = (unit) => [
  ['personal', { unit_name: '连云港市港城建设工程质量检测有限公司', unit_id: unit, specialty: '建筑工程' }],
  ['scope', { category: 'municipal_unit_employee', labor_relationship: 'yes', series: 'engineering', civil_servant: 'no', retired: 'no', sanction_in_effect: 'no' }],
  ['education', { edu_level: 'bachelor', edu_credential: 'diploma_and_degree', edu_source: 'regular', edu_completion: 'graduated', edu_full_time: 'yes', edu_graduation_date: '2024-06-30' }],
  ['work', { work_start_date: '2024-07-08', post_start_date: '2024-07-08', professional_work: 'yes', probation_passed: 'yes' }],
  ['records', { assessment_2025: 'qualified', ce_2025: '1' }],
  ['employer', { dispatched: 'no', social_insurance_verifiable: 'yes' }],
];

// One applicant with the demo's unit (chain shown before submitting), one whose unit is unlisted
// (submitted, to route).
const setup = await browser.newContext();
const a = await setup.newPage();
await signIn(early, a, '11010519491231002X', 'zh');
await post(a, early, '/apply/start', {});
const unitId = '2';
for (const [section, form] of answers(unitId)) await post(a, early, `/apply/${section}`, form);
const b = await (await browser.newContext()).newPage();
await b.goto(`${early}/register`);
await post(b, early, '/register', { real_name: '赵六', id_type: 'resident_id_card', id_number: '320706199001150011', mobile: '13812345678', password: 'Chuding-Shots-2026!', password_confirm: 'Chuding-Shots-2026!' });
await post(b, early, '/apply/start', {});
for (const [section, form] of answers('')) {
  await post(b, early, `/apply/${section}`, section === 'personal' ? { unit_name: '连云港某某新材料有限公司', specialty: '材料工程' } : form);
}
await post(b, early, '/apply/submit', { pledge: 'yes' });
// The ready-for-paper demo application logged with its transcript missing.
const clerk = await (await browser.newContext()).newPage();
await signIn(early, clerk, '320706198405050055', 'zh');
await secondFactor(clerk, early);
const center = (await clerk.locator('a[href^="/staff/"]').first().getAttribute('href')).split('/')[2];
await clerk.goto(`${early}/staff/${center}/intake?q=320706199207070076`);
const intakeLink = await clerk.locator('a[href*="/intake/"]').first().getAttribute('href');
await clerk.goto(early + intakeLink);
for (const radio of await clerk.locator('input[type=radio][value=received_copy]').all()) await radio.check();
await clerk.locator('input[type=radio][id$="ce_transcript-missing"]').check();
await clerk.getByRole('button', { name: '确认受理并打印回执' }).click();
await clerk.waitForLoadState();
const receipt = clerk.url();
const reference = intakeLink.split('/').pop();

for (const js of [true, false]) {
  for (const lang of ['zh', 'en']) {
    const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } });
    const page = await ctx.newPage();
    await signIn(early, page, '11010519491231002X', lang);
    await page.goto(`${early}/apply/review`);
    await page.locator('[data-testid="approval-chain"]').scrollIntoViewIfNeeded();
    await shot(page, 'check-answers-chain', lang, js);
    await ctx.close();
    const unlisted = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } });
    const u = await unlisted.newPage();
    await u.goto(`${early}/lang/${lang}?back=/login`);
    await u.fill('#id_number', '320706199001150011');
    await u.fill('#password', 'Chuding-Shots-2026!');
    await u.locator('form button[type=submit]').last().click();
    await u.waitForLoadState();
    await u.goto(`${early}/apply/status`);
    await shot(u, 'status-to-route', lang, js);
    await unlisted.close();
    const staff = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } });
    const desk = await staff.newPage();
    await signIn(early, desk, '320706198405050055', lang);
    await secondFactor(desk, early);
    await desk.goto(`${early}/staff/${center}/to-route`);
    await shot(desk, 'to-route-queue', lang, js);
    await desk.goto(receipt);
    await shot(desk, 'receipt-supplement', lang, js);
    await staff.close();
  }
}

// The later server starts now (LATE_MARK, if the caller waits for it): its tick must not abandon
// the paper logged above before it was logged.
if (process.env.LATE_MARK) {
  (await import('fs')).writeFileSync(process.env.LATE_MARK, '');
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${late}/healthz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
}

// After the deadline: the re-review of the application with a missing item, a rejection proposed
// by the first member of staff, and the page the second one sees.
const first = await (await browser.newContext()).newPage();
await signIn(late, first, '320706198405050055', 'zh');
await secondFactor(first, late);
await first.goto(`${late}/staff/${center}/re-review/${reference}`);
for (const js of [true, false]) {
  for (const lang of ['zh', 'en']) {
    const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } });
    const page = await ctx.newPage();
    await signIn(late, page, '320706198405050055', lang);
    await secondFactor(page, late);
    await page.goto(`${late}/staff/${center}/re-review/${reference}`);
    await shot(page, 're-review-missing', lang, js);
    await ctx.close();
  }
}
const version = await first.locator('input[name=version]').first().getAttribute('value');
await post(first, late, `/staff/${center}/re-review/${reference}`, { action: 'propose_reject', version, reject_materials_incomplete: 'yes', reject_text: '受理截止时仍缺少成绩汇总表', confirm_propose: 'yes' });
for (const js of [true, false]) {
  for (const lang of ['zh', 'en']) {
    const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1100, height: 900 } });
    const page = await ctx.newPage();
    await signIn(late, page, '320706198708080083', lang);
    await secondFactor(page, late);
    await page.goto(`${late}/staff/${center}/re-review/${reference}`);
    await shot(page, 'four-eyes-second', lang, js);
    await ctx.close();
  }
}
await browser.close();
