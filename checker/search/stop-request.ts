/**
 * A request to end a running search early (SIGINT, SIGTERM, or a library caller).
 * The flag lives in a SharedArrayBuffer so parallel workers see it between blocks
 * without a message round trip. The sequential engine reads it every 1,024 states;
 * it only changes while the engine has yielded to the event loop (see checkAsync),
 * because a signal handler cannot run inside synchronous code.
 */
export class StopRequest {
  readonly flag = new Int32Array(new SharedArrayBuffer(4));
  /** Why the stop was asked for (for example the signal's name). */
  reason: string | null = null;

  request(reason: string): void {
    if (this.reason === null) this.reason = reason;
    Atomics.store(this.flag, 0, 1);
  }

  get requested(): boolean {
    return Atomics.load(this.flag, 0) !== 0;
  }
}
