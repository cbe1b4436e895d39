/**
 * At most `size` operations of one kind at a time in this process; the rest wait their turn
 * (first come, first served). Used to keep a burst of heavy operations — 2,000 candidates
 * starting an exam in the same second — from taking every pooled database connection, so that
 * light, latency-critical requests (autosaves) still find one.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('a limiter needs a size of at least 1');
  }

  async run<T>(op: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await op();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  /** Operations running and waiting now. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}
