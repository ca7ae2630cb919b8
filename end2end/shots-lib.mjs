// What the screenshot scripts share: the authenticator's code for the demo's published key, and
// signing in through the language switch.
import { createHmac } from 'crypto';

export const totp = (secret) => {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret) bits += a.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
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
