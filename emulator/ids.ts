/**
 * Identifiers and random choices. Ids look like Outlook's (long base64url strings
 * ending in "="), so a client that mangles them fails here as it would in production.
 */
import { randomBytes } from 'node:crypto';

export function newGraphId(prefix = 'AAMkA'): string {
  return `${prefix}${randomBytes(24).toString('base64url')}=`;
}

export function newListId(): string {
  return newGraphId('AQMkADAwATM0MDAAMS0');
}

export function newEtag(): string {
  return `W/"${randomBytes(12).toString('base64')}"`;
}

export function newOpaqueToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function newGuid(): string {
  const b = randomBytes(16).toString('hex');
  return `${b.slice(0, 8)}-${b.slice(8, 12)}-4${b.slice(13, 16)}-a${b.slice(17, 20)}-${b.slice(20, 32)}`;
}

/** Small deterministic PRNG (mulberry32) so fault rates and fractional Retry-After replay. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
}
