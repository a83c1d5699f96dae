/**
 * A small admission gate for expensive requests (SQL console queries): a few run, a few more wait
 * their turn, the rest are refused at once so a burst cannot pile up unbounded work.
 */
/** At most `running` at once, at most `waiting` in line for a turn; the rest are refused. */
export class QuerySlots {
  private active = 0;
  private readonly line: (() => void)[] = [];

  constructor(
    private readonly running: number,
    private readonly waiting: number,
  ) {}

  /** Resolves true with a slot taken, or false at once when the line is full. */
  async take(): Promise<boolean> {
    if (this.active < this.running) {
      this.active++;
      return true;
    }
    if (this.line.length >= this.waiting) return false;
    // The slot passes straight from give() to the first in line, so active stays counted.
    await new Promise<void>((resolve) => this.line.push(resolve));
    return true;
  }

  give(): void {
    const next = this.line.shift();
    if (next !== undefined) next();
    else this.active--;
  }
}
