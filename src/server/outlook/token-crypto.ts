/**
 * AES-256-GCM for tokens kept in ordinary columns (the access token, the PKCE
 * verifier). Format: "v1.<iv>.<tag>.<ciphertext>" (base64url). The associated
 * data binds a ciphertext to its row (e.g. the user id), so a value copied to
 * another row does not decrypt.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class TokenDecryptError extends Error {
  readonly name = 'TokenDecryptError';
}

export function encryptToken(plain: string, key: Buffer, associatedData = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function decryptToken(sealed: string, key: Buffer, associatedData = ''): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new TokenDecryptError('Not an encrypted token');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new TokenDecryptError('Token does not decrypt with this key', { cause: error });
  }
}

/** SHA-256 hex: how OAuth states and session ids are stored. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
