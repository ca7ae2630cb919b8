import { test, expect, APIRequestContext } from '@playwright/test';
import { open, jsOn } from './helpers';

/* What the browser downloads (#18): the site's files under hashed names, precompressed (brotli
 * when asked, gzip when only that is asked, as they are otherwise), cached for a year; pages
 * compressed on the fly and revalidated; a repeat visit fetches only the page. */

/** The stylesheet, script and WebAssembly the page names. */
async function assetsOf(request: APIRequestContext, path: string): Promise<string[]> {
  const html = await (await request.get(path)).text();
  // The stylesheet and the script as links; the wasm in the loader's script (fetched when idle).
  const css = html.match(/"(\/pkg\/[^"]+\.css)"/)?.[1];
  const js = html.match(/"(\/pkg\/[^"]+\.js)"/)?.[1];
  const wasm = html.match(/"(\/pkg\/[^"]+\.wasm)"/)?.[1];
  expect(css && js && wasm, `the page links its stylesheet, script and wasm: ${html.slice(0, 1500)}`).toBeTruthy();
  return [css!, js!, wasm!];
}

test('the site files have hashed names, are precompressed by Accept-Encoding and cached for a year', async ({ request }, info) => {
  test.skip(jsOn(info), 'headers only: once is enough');
  const files = await assetsOf(request, '/check');
  for (const file of files) {
    // cargo-leptos's content hash: base64url of an MD5 between the name and the extension.
    expect(file).toMatch(/^\/pkg\/chuding\.[A-Za-z0-9_-]{16,}\.(css|js|wasm)$/);
    const plain = await request.get(file, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.status()).toBe(200);
    expect(plain.headers()['content-encoding'] ?? 'identity').toBe('identity');
    expect(plain.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    const size = (await plain.body()).length;

    const br = await request.get(file, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(br.headers()['content-encoding'], file).toBe('br');
    expect(br.headers()['vary']?.toLowerCase()).toContain('accept-encoding');
    expect(br.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    // Playwright hands back the decoded body: the same bytes as the plain file.
    expect((await br.body()).length).toBe(size);

    const gz = await request.get(file, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers()['content-encoding'], file).toBe('gzip');
    expect((await gz.body()).length).toBe(size);
  }
});

test('a file asked again with its date gets 304 Not Modified', async ({ request }, info) => {
  test.skip(jsOn(info), 'headers only: once is enough');
  const [css] = await assetsOf(request, '/check');
  const first = await request.get(css);
  const lastModified = first.headers()['last-modified'];
  expect(lastModified).toBeTruthy();
  const again = await request.get(css, { headers: { 'If-Modified-Since': lastModified } });
  expect(again.status()).toBe(304);
  expect((await again.body()).length).toBe(0);
});

test('pages are compressed on the fly and revalidated; PDFs are sent as they are', async ({ request }, info) => {
  test.skip(jsOn(info), 'headers only: once is enough');
  for (const path of ['/', '/check', '/verify']) {
    const br = await request.get(path, { headers: { 'Accept-Encoding': 'br' } });
    expect(br.headers()['content-encoding'], path).toBe('br');
    expect(br.headers()['cache-control'], path).toBe('no-cache');
    expect(await br.text()).toContain('<!DOCTYPE html>');
    const gz = await request.get(path, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers()['content-encoding'], path).toBe('gzip');
    const plain = await request.get(path, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers()['content-encoding'] ?? 'identity', path).toBe('identity');
  }
  const json = await request.get('/.well-known/chuding-keys.json', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(json.headers()['content-encoding']).toBe('gzip');
});

test('a repeat visit downloads only the page', async ({ page }, info) => {
  test.skip(!jsOn(info), 'the browser cache matters when the WebAssembly is fetched');
  await open(page, '/check', info);
  // A new navigation (a reload would revalidate everything on purpose).
  await open(page, '/check?again=1', info);
  // Resource Timing of this page: transferSize is 0 for what came from the browser's cache.
  const files = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e as PerformanceResourceTiming)
      .filter((e) => e.name.includes('/pkg/'))
      .map((e) => ({ name: e.name, transferSize: e.transferSize })),
  );
  expect(files.length, 'the page still uses its stylesheet, script and wasm').toBeGreaterThanOrEqual(3);
  expect(files.filter((f) => f.transferSize > 0), 'files fetched again from the server').toEqual([]);
});

test('each page loads the WebAssembly it needs: none on the home and status pages, the applicant bundle on the forms, the desk bundle on the staff\'s, the seal alone on /verify', async ({ request }, info) => {
  test.skip(jsOn(info), 'headers only: once is enough');
  const wasmOf = async (path: string) => {
    const html = await (await request.get(path)).text();
    return html.match(/\/pkg\/[^"]+\.wasm/g) ?? [];
  };
  expect(await wasmOf('/')).toEqual([]);
  expect(await wasmOf('/check')).toEqual([expect.stringMatching(/^\/pkg\/chuding\.[A-Za-z0-9_-]{16,}\.wasm$/)]);
  expect(await wasmOf('/register')).toEqual([expect.stringMatching(/^\/pkg\/chuding\.[A-Za-z0-9_-]{16,}\.wasm$/)]);
  const desk = await wasmOf('/invite/no-such-invitation');
  expect(desk).toEqual([expect.stringMatching(/^\/pkg\/chuding-desk\.[0-9a-f]{22}\.wasm$/)]);
  // The page a QR code opens: its own script inline and the seal's WebAssembly, nothing else.
  const seal = await wasmOf('/verify');
  expect(seal).toEqual([expect.stringMatching(/^\/pkg\/chuding-seal\.[0-9a-f]{22}\.wasm$/)]);
  const verifyHtml = await (await request.get('/verify')).text();
  expect(verifyHtml.match(/\/pkg\/[^"]+\.js/g) ?? []).toEqual([]);
  // Both are served like the others: precompressed and cached for a year.
  for (const file of [desk[0], seal[0]]) {
    const br = await request.get(file, { headers: { 'Accept-Encoding': 'br' } });
    expect(br.status()).toBe(200);
    expect(br.headers()['content-encoding']).toBe('br');
    expect(br.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers()['content-type']).toBe('application/wasm');
  }
});

test('every kind of response carries the security headers; HSTS only over HTTPS', async ({ request }, info) => {
  test.skip(jsOn(info), 'headers only: once is enough');
  const [css, js, wasm] = await assetsOf(request, '/check');
  for (const path of ['/', '/check', '/verify', '/login', '/no-such-page', '/api/v1/rounds/current', '/readyz', css, js, wasm]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('same-origin');
    expect(h['x-frame-options'], path).toBe('DENY');
    expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(h['strict-transport-security'], path).toBeUndefined();
  }
  const https = await request.get('/', { headers: { 'X-Forwarded-Proto': 'https' } });
  expect(https.headers()['strict-transport-security']).toBe('max-age=31536000');
});
