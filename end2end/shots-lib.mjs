// What the screenshot scripts share: the authenticator's code for the demo's published key, and
// signing in through the language switch.
import { createHmac } from 'crypto';

export const totp = (secret, at = Date.now()) => {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret) bits += a.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const o = mac[19] & 0x0f;
  return String((((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3]) % 1e6).padStart(6, '0');
};

export async function signIn(base, page, id, lang) {
  await page.goto(`${base}/lang/${lang}?back=/login`);
  await page.fill('#id_number', id);
  await page.fill('#password', 'demo1234');
  await page.locator('form button[type=submit]').last().click();
  await page.waitForLoadState();
}

/** The second factor with the demo's key, if asked. A code is good once: try this step's code,
 * then the next step's, then wait for a new step, as a person would. */
export async function secondFactor(page, secret) {
  for (let attempt = 0; attempt < 8 && page.url().includes('/login/two-factor'); attempt++) {
    await page.fill('#code', totp(secret, Date.now() + (attempt % 2) * 30000));
    await page.locator('form button[type=submit]').last().click();
    await page.waitForLoadState();
    if (page.url().includes('/login/two-factor') && attempt % 2 === 1) {
      await page.waitForTimeout(30000 - (Date.now() % 30000) + 500);
    }
  }
}
