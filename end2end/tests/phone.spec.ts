import { test, expect, Page, TestInfo } from '@playwright/test';
import { open, signIn, signInCenter, DEMO } from './helpers';

// Every page fits a phone (issue 29): each kind of person's pages, found by following the links
// from where they land (so a new page is walked without editing this file), opened at 360 and
// 390 px wide in Chinese and English, with JavaScript on and off (the two projects), must not
// scroll sideways. A wide table may scroll inside its own box; the page itself may not.

const WIDTHS = [360, 390];
/** Not pages: downloads, the API, assets, and links that change the session or the language. */
const NOT_A_PAGE = /\.(pdf|csv|xlsx|json|png|svg|ico|txt)$|^\/(api|pkg|healthz|readyz|logout|lang)(\/|$)|^\/\.well-known\//;
/** At most this many pages per person and language: every kind of page, not every row. */
const BUDGET = 45;

/** The route a path is an instance of: organisation ids, references and record ids replaced. */
function pattern(path: string): string {
  return path
    .replace(/^\/staff\/\d+/, '/staff/{org}')
    .replace(/\/[A-Z0-9]{4}-?[A-Z0-9]{4}(?=\/|$)/, '/{reference}')
    .replace(/\/organisations\/\d+/, '/organisations/{id}')
    .replace(/\/invite\/[^/]+/, '/invite/{token}');
}

type Person = { name: string; enter: (page: Page, info: TestInfo) => Promise<void>; start: string[] };

const PEOPLE: Person[] = [
  { name: 'visitor', enter: async () => {}, start: ['/', '/check', '/register', '/login', '/verify', '/no-such-page'] },
  {
    name: 'submitted applicant',
    enter: (page, info) => signIn(page, info, DEMO.submitted),
    start: ['/account', '/apply', '/apply/status', '/apply/materials', '/apply/review'],
  },
  {
    name: 'certified applicant',
    enter: (page, info) => signIn(page, info, DEMO.certified),
    start: ['/account', '/apply/status'],
  },
  { name: 'unit reviewer', enter: (page, info) => signIn(page, info, DEMO.unitReviewer), start: ['/staff'] },
  { name: 'department reviewer', enter: (page, info) => signIn(page, info, DEMO.departmentReviewer), start: ['/staff'] },
  { name: 'agency reviewer', enter: (page, info) => signIn(page, info, DEMO.agencyReviewer), start: ['/staff'] },
  {
    name: 'center administrator',
    enter: (page, info) => signInCenter(page, info),
    start: ['/staff'],
  },
];

/** How much wider than the screen the page is (0 when it fits). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The widest elements that stick out of the screen, to say what to fix. */
async function culprits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0) {
        // Only the outermost: skip an element whose parent already sticks out.
        const parent = el.parentElement?.getBoundingClientRect();
        if (parent && parent.right > width + 1) continue;
        out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} (${Math.round(r.right)} px)`);
      }
    }
    return out.slice(0, 5);
  });
}

for (const person of PEOPLE) {
  test(`every page of the ${person.name} fits a 360 and a 390 px phone, zh and en`, async ({ browser }, info) => {
    test.setTimeout(240_000);
    const problems: string[] = [];
    const reached = new Set<string>();
    for (const lang of ['zh', 'en']) {
      const context = await browser.newContext({
        baseURL: info.project.use.baseURL as string,
        javaScriptEnabled: info.project.use.javaScriptEnabled !== false,
        locale: 'zh-CN',
        viewport: { width: WIDTHS[0], height: 780 },
        isMobile: true,
        hasTouch: true,
      });
      const page = await context.newPage();
      await person.enter(page, info);
      await page.goto(`/lang/${lang}?back=/`);
      const queue = [...person.start];
      const seen = new Set<string>();
      let opened = 0;
      while (queue.length > 0 && opened < BUDGET) {
        const path = queue.shift()!;
        const key = pattern(new URL(path, 'http://x').pathname);
        if (seen.has(key) && !/^\/apply\/[a-z_]+$/.test(key)) continue;
        seen.add(key);
        await page.setViewportSize({ width: WIDTHS[0], height: 780 });
        const answer = await page.goto(path);
        opened++;
        if (!answer || !(answer.headers()['content-type'] ?? '').startsWith('text/html')) continue;
        reached.add(key);
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 780 });
          const extra = await overflow(page);
          if (extra > 0) {
            problems.push(`${lang} ${width}px ${path}: ${extra} px too wide: ${(await culprits(page)).join(', ')}`);
            await page.screenshot({ path: `test-results/phone-${info.project.name}-${lang}-${width}-${key.replace(/[^a-z0-9]+/gi, '_')}.png`, fullPage: true });
          }
        }
        // The page's own links, in the order a person reads them.
        const links = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
        for (const href of links) {
          const url = new URL(href, 'http://x');
          if (NOT_A_PAGE.test(url.pathname)) continue;
          queue.push(url.pathname + url.search);
        }
      }
      await context.close();
    }
    info.annotations.push({ type: 'pages', description: [...reached].sort().join(' ') });
    console.log(`${info.project.name} ${person.name}: ${reached.size} kinds of page: ${[...reached].sort().join(' ')}`);
    expect(reached.size, 'pages reached').toBeGreaterThan(person.name === 'certified applicant' ? 1 : 3);
    expect(problems).toEqual([]);
  });
}
