/**
 * Wakes idle subscribers when something was appended. Waiting also ends after `timeoutMs`, so that a writer
 * in another process (an operator CLI against the same file) is noticed by polling.
 */
export class AppendNotifier {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  wait(timeoutMs: number): { promise: Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      wake = done;
      this.waiters.add(done);
    });
    return { promise, cancel: wake };
  }
}
