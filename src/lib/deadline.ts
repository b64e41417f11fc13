/**
 * Deadlines that hold whatever the garbage collector does.
 *
 * On Node 20, a signal from `AbortSignal.any([…, AbortSignal.timeout(ms)])` can lose its timeout after a
 * full GC and never fire (nodejs/node#57736): a model or platform that accepts the connection and never
 * answers then holds its caller for minutes. A {@link Deadline} is a plain `AbortController` aborted by
 * a plain `setTimeout` whose callback holds the controller strongly, so the timer keeps it alive until
 * it fires or is cleared; a parent signal (shutdown) is linked with an ordinary listener, removed again
 * by {@link Deadline.dispose}. {@link raceSignal} additionally settles the caller's wait when the signal
 * aborts, even if a library below ignores or loses the signal.
 */

/** What an expired deadline aborts with (`name === 'TimeoutError'`, like `AbortSignal.timeout`). */
export class DeadlineError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly ms: number) {
    super(`deadline of ${ms} ms exceeded`);
  }
}

export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly unlink: () => void;

  /** Aborts `ms` from now, or as soon as `parent` aborts (with the parent's reason). */
  constructor(readonly ms: number, parent?: AbortSignal) {
    const controller = this.controller;
    this.timer = setTimeout(() => controller.abort(new DeadlineError(ms)), Math.max(0, ms));
    if (parent?.aborted) {
      controller.abort(parent.reason);
      this.unlink = () => undefined;
    } else if (parent) {
      const onAbort = () => controller.abort(parent.reason);
      parent.addEventListener('abort', onAbort, { once: true });
      this.unlink = () => parent.removeEventListener('abort', onAbort);
    } else {
      this.unlink = () => undefined;
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the time ran out (not when the parent aborted). */
  get expired(): boolean {
    return this.controller.signal.reason instanceof DeadlineError;
  }

  /** Clears the timer and the link to the parent (call when the work finished). */
  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }

  /** Runs `fn` under a new deadline; its promise settles by the deadline at the latest. */
  static async run<T>(ms: number, parent: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = new Deadline(ms, parent);
    try {
      return await raceSignal(fn(deadline.signal), deadline.signal);
    } finally {
      deadline.dispose();
    }
  }
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as `signal` aborts — whether or
 * not whatever produced `promise` honours the signal. A late rejection of `promise` is swallowed.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error(typeof reason === 'string' ? reason : 'aborted');
  e.name = 'AbortError';
  return e;
}
