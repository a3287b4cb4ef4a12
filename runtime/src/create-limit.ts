import { Fifo, validateConcurrency, validateFunction } from "./task.js";

/** The function returned by {@link createLimit} (the shape of p-limit's). */
export interface LimitFunction {
  /**
   * Runs `fn(...args)` when fewer than `concurrency` functions started through this limit are
   * running, and returns a promise of its result. `fn` is always called asynchronously (a
   * microtask later when a slot is free) and in the caller's async context.
   */
  <Arguments extends unknown[], R>(fn: (...args: Arguments) => R | PromiseLike<R>, ...args: Arguments): Promise<Awaited<R>>;
  /** Functions started and not yet settled. */
  readonly activeCount: number;
  /** Functions waiting for a slot. */
  readonly pendingCount: number;
  /**
   * The bound. Setting it (an integer >= 1 or `Infinity`) takes effect at once: raising it starts
   * waiting functions, lowering it lets running ones finish.
   */
  concurrency: number;
  /**
   * Discards the waiting functions: they never run, and their promises never settle (as with
   * p-limit, so nothing abandoned turns into an unhandled rejection). Running ones are unaffected.
   */
  clearQueue(): void;
  /**
   * `Promise.all` over `fn(item, index)` for each item of `iterable`, through this limit (p-limit's
   * `limit.map`). The iterable is read at once; to map lazily with cancellation use `mapLimit`.
   */
  map<T, R>(iterable: Iterable<T>, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<Awaited<R>[]>;
}

/**
 * Creates a concurrency limiter with p-limit's shape: `limit(fn, ...args)`, `activeCount`,
 * `pendingCount`, `concurrency` (settable), `clearQueue()`, `map()`. Use it to bound calls made
 * from many places; to map a collection prefer {@link mapLimit}, which also pulls lazily and
 * aborts on failure.
 *
 * Each call runs in its caller's async context (AsyncLocalStorage, OpenTelemetry), also when it
 * waited for a slot: a limit shared by the requests of a server never runs request B's call with
 * request A's identity.
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
  // Each waiting call is the resolver of a promise whose reaction, registered by the caller, runs
  // the function: the reaction keeps the async context of the `.then()` that registered it.
  let queue = new Fifo<() => void>();

  const release = (): void => {
    active -= 1;
    startWaiting();
  };

  const startWaiting = (): void => {
    while (active < concurrency && queue.size > 0) {
      active += 1;
      (queue.shift() as () => void)();
    }
  };

  const limit = ((fn: (...args: never[]) => unknown, ...args: unknown[]): Promise<unknown> => {
    validateFunction("limit", "fn", fn);
    let start!: () => void;
    const slot = new Promise<void>((resolve) => {
      start = resolve;
    });
    const result = slot.then(() => fn(...(args as never[])));
    // One shared handler pair for every call: no per-call closures for the release.
    result.then(release, release);
    if (active < concurrency && queue.size === 0) {
      active += 1;
      start();
    } else {
      queue.push(start);
    }
    return result;
  }) as LimitFunction;

  Object.defineProperties(limit, {
    activeCount: { get: () => active },
    pendingCount: { get: () => queue.size },
    concurrency: {
      get: () => concurrency,
      set: (value: unknown) => {
        concurrency = validateConcurrency("limit.concurrency", value);
        startWaiting();
      },
    },
    clearQueue: {
      value: (): void => {
        queue = new Fifo();
      },
    },
    map: {
      value: <T, R>(iterable: Iterable<T>, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<Awaited<R>[]> => {
        validateFunction("limit.map", "fn", fn);
        const promises: Promise<Awaited<R>>[] = [];
        try {
          for (const item of iterable) promises.push(limit(fn, item, promises.length));
        } catch (error) {
          // Promise.all never sees the calls already made: observe them so none rejects unhandled.
          for (const promise of promises) promise.then(undefined, () => {});
          return Promise.reject(error);
        }
        return Promise.all(promises);
      },
    },
  });
  return limit;
}
