import { createHmac } from 'node:crypto';

/**
 * RFC 6238 TOTP (the authenticator apps' algorithm, as Cognito checks it): HMAC-SHA1 over the
 * number of 30-second steps since the epoch, dynamically truncated to 6 digits (RFC 4226).
 * Node's own crypto, no package: the tests compute the code a phone would show.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The bytes of an RFC 4648 base32 secret (as Cognito's `SecretCode`); spaces and padding ignored. */
export function base32Decode(secret: string): Buffer {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not a base32 character: ${JSON.stringify(char)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit code for `secret` (base32) at `atMs` (default now), with a 30 s step. */
export function totp(secret: string, atMs: number = Date.now(), stepSecs = 30, digits = 6): string {
  const counter = Math.floor(atMs / 1000 / stepSecs);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** A 6-digit code that is not valid for `secret` in the current, previous or next step. */
export function wrongTotp(secret: string, atMs: number = Date.now()): string {
  const valid = new Set([-1, 0, 1].map((step) => totp(secret, atMs + step * 30_000)));
  for (let n = 0; ; n += 1) {
    const candidate = String((123456 + n * 111111) % 1_000_000).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

/** Self-check against RFC 6238's SHA-1 test vectors (8 digits there; the last 6 are ours). */
export function rfc6238SelfCheck(): void {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, expected] of vectors) {
    const got = totp(secret, seconds * 1000, 30, 8);
    if (got !== expected) throw new Error(`TOTP at ${seconds}: ${got}, RFC 6238 says ${expected}`);
  }
}
