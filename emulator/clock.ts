/**
 * Emulated time. It starts at real time, runs `timeScale` times faster, and can be
 * pushed forward by the control API, so a test reaches a 10-minute window or a
 * one-hour token expiry in moments.
 */
export class EmulatorClock {
  private readonly realStartMs = Date.now();
  private offsetMs = 0;

  constructor(readonly timeScale = 1) {}

  nowMs(): number {
    const realElapsed = Date.now() - this.realStartMs;
    return this.realStartMs + realElapsed * this.timeScale + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Real milliseconds that pass while `emulatedMs` pass on this clock. */
  realMs(emulatedMs: number): number {
    return emulatedMs / this.timeScale;
  }
}
