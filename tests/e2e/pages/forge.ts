// Forged tokens for the attack specs: an attacker's own RSA key served beside the pool's keys
// (so "validly signed" means "verifies against the JWKS the page fetched"), `alg: none` and
// HS256 tokens, and helpers to read and rewrite Cognito's real tokens.
import type { BrowserContext, Route } from '@playwright/test';
import { createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** A JSON object: a JWT header or payload. */
export type Claims = Record<string, unknown>;

/** base64url without padding, as JWTs use it. */
export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** The header and payload of a JWT, decoded without any check. */
export function decodeJwt(token: string): { header: Claims; payload: Claims } {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf-8')) as Claims,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf-8')) as Claims,
  };
}

function signingInput(header: Claims, payload: Claims | string): string {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return `${base64url(JSON.stringify(header))}.${base64url(body)}`;
}

/** An RSA key of the attacker's, with its public half as a JWK. */
export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Claims;
}

/** A fresh 2048-bit RSA key with a `kid` no pool uses. */
export function makeTestKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `e2e-forger-${randomBytes(6).toString('hex')}`;
  const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as Claims), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

/**
 * A JWT signed RS256 with `key`; the header gets `alg`, `kid` and `typ` unless `header` says
 * otherwise. `payload` may be JSON text, for numbers JavaScript cannot hold ([jsonWithRawNumbers]).
 */
export function signRs256(key: TestKey, payload: Claims | string, header: Claims = {}): string {
  const fullHeader = { alg: 'RS256', kid: key.kid, typ: 'JWT', ...header };
  const input = signingInput(fullHeader, payload);
  return `${input}.${base64url(sign('sha256', Buffer.from(input), key.privateKey))}`;
}

/** An unsigned JWT: `alg: none` and an empty signature. */
export function unsignedJwt(payload: Claims | string, header: Claims = {}): string {
  return `${signingInput({ ...header, alg: 'none', typ: 'JWT' }, payload)}.`;
}

/** A JWT "signed" HS256 with `secret` (the algorithm-confusion attack: a public value as the key). */
export function hs256Jwt(payload: Claims, secret: string, header: Claims = {}): string {
  const input = signingInput({ ...header, alg: 'HS256', typ: 'JWT' }, payload);
  return `${input}.${base64url(createHmac('sha256', secret).update(input).digest())}`;
}

/**
 * Serves the pool's JWKS with `key` appended, to every tab of `context`: tokens signed with it
 * then pass a signature check, so whatever refuses them must be a claim, `alg` or protocol
 * check. Returns how many times the JWKS was fetched.
 */
export async function serveKeyInJwks(context: BrowserContext, key: TestKey): Promise<{ fetches: number }> {
  const seen = { fetches: 0 };
  await context.route('**/.well-known/jwks.json', async (route: Route) => {
    seen.fetches += 1;
    const response = await route.fetch();
    const jwks = (await response.json()) as { keys: Claims[] };
    jwks.keys.push(key.publicJwk);
    await route.fulfill({ response, json: jwks });
  });
  return seen;
}

/** Seconds since the epoch, by this (Node's, real) clock. */
export function nowSecs(): number {
  return Math.floor(Date.now() / 1000);
}

/** The largest and smallest `i64`, written as JSON numbers (JavaScript numbers cannot hold them). */
export const I64_MAX = '9223372036854775807';
export const I64_MIN = '-9223372036854775808';

/**
 * JSON text with some values written verbatim: `raw` maps a placeholder string value to the
 * literal number text that replaces it (for `i64` extremes that JavaScript numbers would round).
 */
export function jsonWithRawNumbers(value: unknown, raw: Record<string, string>): string {
  let text = JSON.stringify(value);
  for (const [placeholder, literal] of Object.entries(raw)) {
    text = text.split(JSON.stringify(placeholder)).join(literal);
  }
  return text;
}
