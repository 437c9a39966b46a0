import { describe, expect, it } from 'vitest';
import { MailboxSemaphore } from './mailbox-limiter';

describe('MailboxSemaphore', () => {
  it('never lets more than its capacity in, and serves waiters in order', async () => {
    const semaphore = new MailboxSemaphore(4);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const release = await semaphore.acquire();
        active++;
        peak = Math.max(peak, active);
        order.push(i);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        release();
      }),
    );
    expect(peak).toBe(4);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(semaphore.active).toBe(0);
  });

  it('counts a weighted acquire ($batch) as several slots', async () => {
    const semaphore = new MailboxSemaphore(4);
    const releaseBatch = await semaphore.acquire(4);
    let got = false;
    const waiting = semaphore.acquire(1).then((release) => {
      got = true;
      release();
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toBe(false);
    releaseBatch();
    await waiting;
    expect(got).toBe(true);
  });
});
