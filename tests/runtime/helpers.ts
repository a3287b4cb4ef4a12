/** Test helpers for the runtime: controllable tasks and leak detectors. */

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued microtasks and promise callbacks run (a few macrotask-free turns). */
export async function flushMicrotasks(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i += 1) await Promise.resolve();
}

/** One macrotask later: everything scheduled "in the same tick" has happened by then. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A request that honours its signal the way SDKs do: it adds an abort listener, rejects with the
 * signal's reason when aborted, and removes the listener when done.
 */
export function abortableRequest<T>(signal: AbortSignal, settle: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    settle.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Counts unhandled rejections while `body` runs and for one macrotask after it. */
export async function countUnhandledRejections(body: () => Promise<void>): Promise<number> {
  let count = 0;
  const onUnhandled = (): void => {
    count += 1;
  };
  process.on("unhandledRejection", onUnhandled);
  try {
    await body();
    await nextMacrotask();
    await nextMacrotask();
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
  return count;
}

/** Records live timers created through the global setTimeout while installed. */
export function trackTimers(): { live(): number; restore(): void } {
  const originalSet = globalThis.setTimeout;
  const originalClear = globalThis.clearTimeout;
  const live = new Set<unknown>();
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle: unknown = originalSet(
      (...inner: unknown[]) => {
        live.delete(handle);
        callback(...inner);
      },
      ms,
      ...args,
    );
    live.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: unknown) => {
    live.delete(handle);
    originalClear(handle as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearTimeout;
  return {
    live: () => live.size,
    restore() {
      globalThis.setTimeout = originalSet;
      globalThis.clearTimeout = originalClear;
    },
  };
}

/** An AbortSignal whose listener count can be read. */
export function countedSignal(): { controller: AbortController; listeners(): number } {
  const controller = new AbortController();
  const signal = controller.signal;
  let listeners = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  const wrapped = new Map<unknown, unknown>();
  signal.addEventListener = ((type: string, listener: EventListenerOrEventListenerObject, options?: unknown) => {
    if (type === "abort" && !wrapped.has(listener)) {
      listeners += 1;
      wrapped.set(listener, listener);
    }
    add(type, listener, options as AddEventListenerOptions);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, listener: EventListenerOrEventListenerObject, options?: unknown) => {
    if (type === "abort" && wrapped.delete(listener)) listeners -= 1;
    remove(type, listener, options as EventListenerOptions);
  }) as typeof signal.removeEventListener;
  return { controller, listeners: () => listeners };
}

/** A sync generator that records how far it was pulled and whether it was closed. */
export function trackedGenerator(count: number): { iterable: Iterable<number>; pulled(): number; closed(): boolean } {
  let pulled = 0;
  let closed = false;
  function* generate(): Generator<number> {
    try {
      for (let i = 0; i < count; i += 1) {
        pulled += 1;
        yield i;
      }
    } finally {
      closed = true;
    }
  }
  return { iterable: generate(), pulled: () => pulled, closed: () => closed };
}

/** The async counterpart of {@link trackedGenerator}. */
export function trackedAsyncGenerator(count: number): { iterable: AsyncIterable<number>; pulled(): number; closed(): boolean } {
  let pulled = 0;
  let closed = false;
  async function* generate(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < count; i += 1) {
        pulled += 1;
        await Promise.resolve();
        yield i;
      }
    } finally {
      closed = true;
    }
  }
  return { iterable: generate(), pulled: () => pulled, closed: () => closed };
}
