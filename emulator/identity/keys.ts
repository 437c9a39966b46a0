/** The emulator's signing key: id_tokens are RS256 JWTs verifiable against its JWKS. */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { newOpaqueToken } from '../ids';

export class SigningKey {
  readonly kid = newOpaqueToken('emu-', 9);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  jwks() {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, alg: 'RS256' }] };
  }

  signJwt(claims: Record<string, unknown>): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.kid };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode(header)}.${encode(claims)}`;
    const signature = createSign('RSA-SHA256').update(input).sign(this.privateKey).toString('base64url');
    return `${input}.${signature}`;
  }
}

let processKey: SigningKey | null = null;

/** One key per process: generating RSA keys is slow, and tests start many emulators. */
export function sharedSigningKey(): SigningKey {
  processKey ??= new SigningKey();
  return processKey;
}
