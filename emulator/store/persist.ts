/** Saves the state to a JSON file (debounced, atomic rename) and loads it back at start. */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { EmulatorState } from './types';

export function loadState(file: string): EmulatorState | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as EmulatorState;
    return parsed.version === 1 ? parsed : null;
  } catch {
    return null;
  }
}

export class StatePersister {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly state: () => EmulatorState,
    private readonly delayMs = 200,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.saveNow();
    }, this.delayMs);
    this.timer.unref();
  }

  saveNow(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state()));
    renameSync(tmp, this.file);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.saveNow();
    }
  }
}
