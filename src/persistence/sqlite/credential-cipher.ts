import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** AES-256-GCM with a fresh 12-byte IV per encryption and a 16-byte authentication tag. */
export const CIPHER_VERSION = 1;
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  readonly ciphertext: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('the master key must be 32 bytes');
}

/** Encrypts `plaintext`; `aad` (e.g. the exchange id) is authenticated, so a row moved to another exchange fails to open. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, iv, tag: cipher.getAuthTag() };
}

/** Decrypts and authenticates; throws when the key, the data, the IV, the tag or the aad do not match. */
export function open(key: Buffer, sealed: Sealed, aad: string): Buffer {
  checkKey(key);
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) throw new Error('malformed sealed value');
  const decipher = createDecipheriv(ALGORITHM, key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}

/** A short public fingerprint of a master key (HMAC, not the key): tells "another key" from "damaged data". */
export function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('scalping-trainer credentials key id').digest('hex').slice(0, 16);
}
