import { validateConcurrency, validateFunction } from "./task.js";

/** The function returned by {@link createLimit} (the shape of p-limit's). */
export interface LimitFunction {
  /**
   * Runs `fn(...args)` when fewer than `concurrency` functions started through this limit are
   * running (immediately if a slot is free), and returns a promise of its result.
   */
  <Arguments extends unknown[], R>(fn: (...args: Arguments) => R | PromiseLike<R>, ...args: Arguments): Promise<Awaited<R>>;
  /** Functions started and not yet settled. */
  readonly activeCount: number;
  /** Functions waiting for a slot. */
  readonly pendingCount: number;
  /** The bound given to {@link createLimit}. */
  readonly concurrency: number;
  /**
   * Discards the waiting functions: they never run, and their promises never settle (as with
   * p-limit, so nothing abandoned turns into an unhandled rejection). Running ones are unaffected.
   */
  clearQueue(): void;
}

interface Pending {
  fn: (...args: never[]) => unknown;
  args: unknown[];
  resolve(value: unknown): void;
}

/**
 * Creates a concurrency limiter with p-limit's shape: `limit(fn, ...args)`, `activeCount`,
 * `pendingCount`, `clearQueue()`. Use it to bound calls made from many places; to map a collection
 * prefer {@link mapLimit}, which also pulls lazily and aborts on failure.
 *
 * @throws {TypeError} when `concurrency` is not an integer >= 1 or `Infinity`.
 *
 * @example
 * ```ts
 * const limit = createLimit(4);
 * const answers = await Promise.all(questions.map((q) => limit(() => ask(q))));
 * ```
 */
export function createLimit(concurrency: number): LimitFunction {
  validateConcurrency("createLimit", concurrency);
  let active = 0;
  // A FIFO as an array plus head index: O(1) dequeue without a linked list's per-node objects.
  let queue: Pending[] = [];
  let head = 0;

  const run = (fn: (...args: never[]) => unknown, args: unknown[]): Promise<unknown> => {
    active += 1;
    let promise: Promise<unknown>;
    try {
      promise = Promise.resolve(fn(...(args as never[])));
    } catch (error) {
      promise = Promise.reject(error);
    }
    // One shared handler pair for every call: no per-call closures on the hot path.
    promise.then(release, release);
    return promise;
  };

  const release = (): void => {
    active -= 1;
    if (head < queue.length && active < concurrency) {
      const next = queue[head] as Pending;
      queue[head] = undefined as unknown as Pending;
      head += 1;
      if (head === queue.length) {
        queue.length = 0;
        head = 0;
      } else if (head >= 1024 && head * 2 >= queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      next.resolve(run(next.fn, next.args));
    }
  };

  const limit = ((fn: (...args: never[]) => unknown, ...args: unknown[]): Promise<unknown> => {
    validateFunction("limit", "fn", fn);
    if (active < concurrency && head === queue.length) return run(fn, args);
    return new Promise((resolve) => {
      queue.push({ fn, args, resolve });
    });
  }) as LimitFunction;

  Object.defineProperties(limit, {
    activeCount: { get: () => active },
    pendingCount: { get: () => queue.length - head },
    concurrency: { value: concurrency },
    clearQueue: {
      value: (): void => {
        queue = [];
        head = 0;
      },
    },
  });
  return limit;
}
