/**
 * Discord signs every HTTP interaction with the application's Ed25519 key: the signature
 * (X-Signature-Ed25519, hex) covers the timestamp header followed by the raw body. node:crypto
 * verifies it; the key arrives as 32 raw bytes in hex, which become an SPKI key with the fixed
 * Ed25519 prefix. A timestamp more than five minutes off is refused too, so a captured request
 * cannot be replayed later.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** DER of SubjectPublicKeyInfo for Ed25519, up to the 32 key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
export const MAX_CLOCK_SKEW_S = 300;

export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export function isSignedByDiscord(
  key: KeyObject,
  headers: IncomingHttpHeaders,
  body: Buffer,
  nowMs: number = Date.now(),
): boolean {
  const signature = headers['x-signature-ed25519'];
  const timestamp = headers['x-signature-timestamp'];
  if (typeof signature !== 'string' || !/^[0-9a-fA-F]{128}$/.test(signature)) return false;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_S) return false;
  return verify(
    null,
    Buffer.concat([Buffer.from(timestamp, 'utf8'), body]),
    key,
    Buffer.from(signature, 'hex'),
  );
}
