/**
 * Bot tokens at rest: AES-256-GCM with the key from SLACK_TOKEN_KEY. Each value gets its own random
 * 12-byte nonce; the stored form is `v1:` + base64(nonce | ciphertext | 16-byte tag). The team id
 * is bound in as additional data, so a row copied onto another workspace's row does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class TokenCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SLACK_TOKEN_KEY must be 32 bytes');
  }

  encrypt(plain: string, boundTo: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return VERSION + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }

  /** Throws when the key is wrong or the value was tampered with (GCM's tag does not match). */
  decrypt(stored: string, boundTo: string): string {
    if (!stored.startsWith(VERSION)) throw new Error('not an encrypted token');
    const raw = Buffer.from(stored.slice(VERSION.length), 'base64');
    const nonce = raw.subarray(0, NONCE_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
