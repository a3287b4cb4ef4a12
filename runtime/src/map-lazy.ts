import {
  Task,
  abortTracked,
  closeIterator,
  createAbortError,
  openSource,
  validateConcurrency,
  validateFunction,
  validateOptions,
  validateSignal,
  validateTimeout,
  type Mapper,
  type TaskOwner,
} from "./task.js";

/** Options of {@link mapLazy}. */
export interface MapLazyOptions {
  /**
   * How many items may be started and not yet consumed (running, or finished and waiting for the
   * consumer): an integer >= 1, or `Infinity`. This bounds both the parallel requests and how far
   * the work runs ahead of the consumer.
   */
  concurrency: number;
  /**
   * `true` (default): yield in input order, buffering at most `concurrency` results. `false`:
   * yield in completion order, like Python's `asyncio.as_completed`.
   */
  ordered?: boolean | undefined;
  /**
   * Aborts the iteration: nothing more starts, every running task's signal aborts with the
   * signal's reason, and the pending (or next) `next()` rejects with that reason.
   */
  signal?: AbortSignal | undefined;
  /** Milliseconds after which a task's own signal aborts with a `TimeoutError`. */
  timeout?: number | undefined;
}

const CONSUMER_STOPPED = "mapLazy stopped: the consumer stopped iterating";
const EARLIER_FAILED = "mapLazy stopped: an earlier item failed";
const IDLE = -1;

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;
type SlotState = typeof PENDING | typeof FULFILLED | typeof REJECTED;

// What a poll of the buffers found.
const NOTHING = 0;
const VALUE = 1;
const ERROR = 2;
const DONE = 3;
type PollOutcome = typeof NOTHING | typeof VALUE | typeof ERROR | typeof DONE;

// A ring of `concurrency` slots holds the ordered buffer; above this a Map avoids allocating a
// huge ring up front for `Infinity` or a very large bound.
const MAX_RING = 65_536;

interface Request<R> {
  resolve(result: IteratorResult<R>): void;
  reject(error: unknown): void;
}

/**
 * Maps `input` through `mapper` with bounded concurrency and yields the results as an async
 * iterator — the lazy, abortable replacement for "start every request, then loop and `break`".
 *
 * - Work starts on the first `next()` and then runs at most `concurrency` items ahead of the
 *   consumer (started ≤ consumed + `concurrency`); input is pulled only when a slot frees up.
 * - `ordered` (default `true`) yields in input order; `ordered: false` in completion order.
 * - When the consumer stops — `break`, `return` or `throw` inside `for await`, or `.return()` —
 *   nothing new starts, every running task's signal aborts in that same tick, and the input
 *   iterator's `return()` is called. Results and rejections of the aborted tasks are dropped
 *   silently. `return()` does not wait for them to settle.
 * - A mapper rejection is thrown to the consumer at its place in the order (ordered) or when it
 *   happens (unordered); nothing after it starts, and running tasks whose results would come after
 *   it are aborted. The iteration then ends.
 * - The caller's `signal` stops everything and makes the pending or next `next()` reject with
 *   `signal.reason`.
 *
 * @throws {TypeError} synchronously, naming the argument, for a non-iterable `input`, a
 * non-function `mapper`, or a bad `concurrency`, `timeout` or `signal`.
 *
 * @example
 * ```ts
 * let valid = 0;
 * for await (const ok of mapLazy(candidates, (c, i, { signal }) => validate(c, signal), { concurrency: 8 })) {
 *   if (ok && ++valid === 10) break; // the requests still running are aborted here
 * }
 * ```
 */
export function mapLazy<T, R>(
  input: Iterable<T> | AsyncIterable<T>,
  mapper: Mapper<T, R>,
  options: MapLazyOptions,
): AsyncIterableIterator<Awaited<R>> {
  validateFunction("mapLazy", "mapper", mapper);
  const checked = validateOptions("mapLazy", options);
  const concurrency = validateConcurrency("mapLazy", checked["concurrency"]);
  const timeout = validateTimeout("mapLazy", checked["timeout"]);
  const signal = validateSignal("mapLazy", checked["signal"]);
  const ordered = checked["ordered"] !== false;
  const source = openSource<T>("mapLazy", input);
  return new LazyIterator<T, Awaited<R>>(source, mapper as Mapper<T, Awaited<R>>, concurrency, ordered, timeout, signal);
}

class LazyIterator<T, R> implements AsyncIterableIterator<R>, TaskOwner {
  wantedBelow = Number.POSITIVE_INFINITY;
  stopReason: unknown = undefined;

  readonly #array: ArrayLike<T> | undefined;
  readonly #iterator: Iterator<T> | undefined;
  readonly #asyncIterator: AsyncIterator<T> | undefined;
  readonly #mapper: Mapper<T, R>;
  readonly #concurrency: number;
  readonly #ordered: boolean;
  readonly #timeout: number | undefined;
  readonly #signal: AbortSignal | undefined;

  #tracked: Set<Task> | undefined = undefined;
  #started = false;
  #done = false;
  #filling = false;
  #nextIndex = 0;
  /** Items started (or being pulled) and not yet consumed. */
  #outstanding = 0;
  #running = 0;
  #exhausted = false;
  #sourceBroken = false;
  #pulling = false;
  /** An error to throw at the next poll before anything else (the caller's abort). */
  #terminalError: unknown = undefined;
  #hasTerminalError = false;
  #onAbort: (() => void) | undefined = undefined;

  // Ordered buffer: a ring of `#ringSize` slots, or a Map for huge bounds.
  #head = 0;
  readonly #ringSize: number;
  readonly #states: SlotState[] | undefined;
  readonly #values: unknown[] | undefined;
  readonly #map: Map<number, { state: SlotState; value: unknown }> | undefined;

  // Unordered buffer: completed results in completion order.
  #queueStates: SlotState[] = [];
  #queueValues: unknown[] = [];
  #queueHead = 0;

  #requests: Request<R>[] = [];
  #requestsHead = 0;
  #polled: unknown = undefined;

  constructor(
    source: ReturnType<typeof openSource<T>>,
    mapper: Mapper<T, R>,
    concurrency: number,
    ordered: boolean,
    timeout: number | undefined,
    signal: AbortSignal | undefined,
  ) {
    this.#array = source.kind === "array" ? source.array : undefined;
    this.#iterator = source.kind === "sync" ? source.iterator : undefined;
    this.#asyncIterator = source.kind === "async" ? source.iterator : undefined;
    this.#mapper = mapper;
    this.#concurrency = concurrency;
    this.#ordered = ordered;
    this.#timeout = timeout;
    this.#signal = signal;
    if (ordered && concurrency <= MAX_RING) {
      this.#ringSize = concurrency;
      this.#states = new Array<SlotState>(concurrency).fill(PENDING);
      this.#values = new Array<unknown>(concurrency).fill(undefined);
      this.#map = undefined;
    } else {
      this.#ringSize = 0;
      this.#states = undefined;
      this.#values = undefined;
      this.#map = ordered ? new Map() : undefined;
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  track(task: Task): void {
    (this.#tracked ??= new Set()).add(task);
  }

  untrack(task: Task): void {
    this.#tracked?.delete(task);
  }

  next(): Promise<IteratorResult<R>> {
    if (!this.#started) this.#begin();
    if (this.#requestsHead === this.#requests.length) {
      switch (this.#poll()) {
        case VALUE:
          return Promise.resolve({ value: this.#takePolled() as R, done: false });
        case ERROR:
          return Promise.reject(this.#takePolled());
        case DONE:
          return Promise.resolve({ value: undefined, done: true });
        default:
          break;
      }
    }
    return new Promise<IteratorResult<R>>((resolve, reject) => {
      this.#requests.push({ resolve, reject });
    });
  }

  return(value?: unknown): Promise<IteratorResult<R>> {
    this.#end(CONSUMER_STOPPED);
    this.#flushRequests();
    return Promise.resolve({ value: value as R, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<R>> {
    this.#end(CONSUMER_STOPPED);
    this.#flushRequests();
    return Promise.reject(error);
  }

  #begin(): void {
    this.#started = true;
    const signal = this.#signal;
    if (signal !== undefined) {
      if (signal.aborted) {
        this.#abortedByCaller(signal.reason);
        return;
      }
      this.#onAbort = () => {
        this.#abortedByCaller(signal.reason);
        this.#deliver();
      };
      signal.addEventListener("abort", this.#onAbort);
    }
    this.#fill();
  }

  #abortedByCaller(reason: unknown): void {
    if (this.#done || this.#hasTerminalError) return;
    this.#hasTerminalError = true;
    this.#terminalError = reason;
    this.#stopAll(reason);
  }

  /** Starts items while there is room; async sources are pulled one `next()` at a time. */
  #fill(): void {
    if (this.#filling) return;
    this.#filling = true;
    const concurrency = this.#concurrency;
    while (
      this.#outstanding < concurrency &&
      !this.#exhausted &&
      !this.#pulling &&
      this.wantedBelow === Number.POSITIVE_INFINITY
    ) {
      const index = this.#nextIndex;
      const array = this.#array;
      if (array !== undefined) {
        if (index >= array.length) {
          this.#exhausted = true;
          break;
        }
        this.#nextIndex = index + 1;
        this.#start(array[index] as T, index);
      } else if (this.#iterator !== undefined) {
        let step: IteratorResult<T>;
        try {
          step = this.#iterator.next();
        } catch (error) {
          this.#sourceFailed(index, error);
          break;
        }
        if (step.done === true) {
          this.#exhausted = true;
          break;
        }
        this.#nextIndex = index + 1;
        this.#start(step.value, index);
      } else {
        this.#pullAsync(index);
      }
    }
    this.#filling = false;
  }

  #pullAsync(index: number): void {
    this.#pulling = true;
    // The pull holds a slot, so a slow source cannot make the bound overshoot when it delivers.
    this.#outstanding += 1;
    let pending: PromiseLike<IteratorResult<T>> | IteratorResult<T>;
    try {
      pending = (this.#asyncIterator as AsyncIterator<T>).next();
    } catch (error) {
      this.#pulled(index, false, error);
      return;
    }
    Promise.resolve(pending).then(
      (step) => this.#pulled(index, true, step),
      (error: unknown) => this.#pulled(index, false, error),
    );
  }

  #pulled(index: number, ok: boolean, outcome: unknown): void {
    this.#pulling = false;
    this.#outstanding -= 1;
    if (this.#done || this.wantedBelow !== Number.POSITIVE_INFINITY) return;
    if (!ok) {
      this.#sourceFailed(index, outcome);
    } else if ((outcome as IteratorResult<T>).done === true) {
      this.#exhausted = true;
    } else {
      this.#nextIndex = index + 1;
      this.#start((outcome as IteratorResult<T>).value, index);
      this.#fill();
    }
    this.#deliver();
  }

  #start(item: T, index: number): void {
    this.#outstanding += 1;
    this.#running += 1;
    const task = new Task(this, index, this.#timeout);
    let result: R | PromiseLike<R>;
    try {
      result = this.#mapper(item, index, task);
    } catch (error) {
      this.#settled(task, index, REJECTED, error);
      return;
    }
    Promise.resolve(result).then(
      (value) => {
        this.#settled(task, index, FULFILLED, value);
        this.#deliver();
      },
      (error: unknown) => {
        this.#settled(task, index, REJECTED, error);
        this.#deliver();
      },
    );
  }

  #settled(task: Task, index: number, state: SlotState, value: unknown): void {
    task.finish();
    this.#running -= 1;
    // Results of tasks aborted by a stop are dropped here, so their rejections go nowhere.
    if (this.#done || index >= this.wantedBelow) return;
    if (!this.#ordered) {
      this.#queueStates.push(state);
      this.#queueValues.push(value);
      if (state === REJECTED) this.#cutAfter(IDLE, createAbortError(EARLIER_FAILED));
      return;
    }
    if (this.#states !== undefined) {
      const slot = index % this.#ringSize;
      this.#states[slot] = state;
      (this.#values as unknown[])[slot] = value;
    } else {
      (this.#map as Map<number, { state: SlotState; value: unknown }>).set(index, { state, value });
    }
    if (state === REJECTED) this.#cutAfter(index, createAbortError(EARLIER_FAILED));
  }

  #sourceFailed(index: number, error: unknown): void {
    this.#sourceBroken = true;
    this.#exhausted = true;
    if (!this.#ordered) {
      this.#queueStates.push(REJECTED);
      this.#queueValues.push(error);
      this.#cutAfter(IDLE, createAbortError(EARLIER_FAILED));
      return;
    }
    // The source failed where item `index` would have been: earlier results still come first.
    if (this.#states !== undefined) {
      const slot = index % this.#ringSize;
      this.#states[slot] = REJECTED;
      (this.#values as unknown[])[slot] = error;
    } else {
      (this.#map as Map<number, { state: SlotState; value: unknown }>).set(index, { state: REJECTED, value: error });
    }
    this.#cutAfter(index, createAbortError(EARLIER_FAILED));
  }

  /**
   * Nothing after a failure can be yielded, so nothing after it starts and the tasks after it are
   * aborted now rather than when the consumer reaches the failure. `failedIndex` -1 means all.
   */
  #cutAfter(failedIndex: number, reason: unknown): void {
    const cutoff = failedIndex + 1;
    if (cutoff >= this.wantedBelow) return;
    this.wantedBelow = cutoff;
    this.stopReason = reason;
    abortTracked(this.#tracked, cutoff, reason);
    this.#closeSource();
  }

  #stopAll(reason: unknown): void {
    this.wantedBelow = IDLE;
    this.stopReason = reason;
    abortTracked(this.#tracked, IDLE, reason);
    this.#closeSource();
  }

  #closeSource(): void {
    if (this.#exhausted && !this.#pulling) return;
    const wasBroken = this.#sourceBroken;
    this.#exhausted = true;
    if (wasBroken) return;
    const iterator = this.#iterator ?? this.#asyncIterator;
    if (iterator !== undefined) closeIterator(iterator);
  }

  /** Looks at the head of the buffer; a VALUE or ERROR is consumed and left in `#polled`. */
  #poll(): PollOutcome {
    if (this.#done) return DONE;
    if (this.#hasTerminalError) {
      this.#polled = this.#terminalError;
      this.#end(undefined);
      return ERROR;
    }
    let state: SlotState;
    if (!this.#ordered) {
      const head = this.#queueHead;
      if (head < this.#queueStates.length) {
        state = this.#queueStates[head] as SlotState;
        this.#polled = this.#queueValues[head];
        this.#queueValues[head] = undefined;
        if (head + 1 === this.#queueStates.length) {
          this.#queueStates.length = 0;
          this.#queueValues.length = 0;
          this.#queueHead = 0;
        } else {
          this.#queueHead = head + 1;
        }
      } else {
        if (this.#running === 0 && this.#exhausted && !this.#pulling) {
          this.#end(undefined);
          return DONE;
        }
        return NOTHING;
      }
    } else {
      const head = this.#head;
      if (this.#states !== undefined) {
        const slot = head % this.#ringSize;
        state = this.#states[slot] as SlotState;
        if (state !== PENDING) {
          this.#states[slot] = PENDING;
          const values = this.#values as unknown[];
          this.#polled = values[slot];
          values[slot] = undefined;
        }
      } else {
        const map = this.#map as Map<number, { state: SlotState; value: unknown }>;
        const entry = map.get(head);
        state = entry === undefined ? PENDING : entry.state;
        if (entry !== undefined) {
          map.delete(head);
          this.#polled = entry.value;
        }
      }
      if (state === PENDING) {
        if (head >= this.#nextIndex && this.#exhausted && !this.#pulling) {
          this.#end(undefined);
          return DONE;
        }
        return NOTHING;
      }
      this.#head = head + 1;
    }
    if (state === REJECTED) {
      this.#end(EARLIER_FAILED);
      return ERROR;
    }
    this.#outstanding -= 1;
    this.#fill();
    return VALUE;
  }

  #takePolled(): unknown {
    const value = this.#polled;
    this.#polled = undefined;
    return value;
  }

  /** Hands ready results to waiting `next()` calls, in the order they were made. */
  #deliver(): void {
    const requests = this.#requests;
    while (this.#requestsHead < requests.length) {
      const outcome = this.#poll();
      if (outcome === NOTHING) return;
      const request = requests[this.#requestsHead] as Request<R>;
      requests[this.#requestsHead] = undefined as unknown as Request<R>;
      this.#requestsHead += 1;
      if (outcome === VALUE) request.resolve({ value: this.#takePolled() as R, done: false });
      else if (outcome === ERROR) request.reject(this.#takePolled());
      else request.resolve({ value: undefined, done: true });
    }
    requests.length = 0;
    this.#requestsHead = 0;
  }

  /** Ends the iteration; with a stop message, aborts whatever is still running. */
  #end(stopMessage: string | undefined): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener("abort", this.#onAbort);
    if (stopMessage !== undefined && (this.#running > 0 || !this.#exhausted || this.#pulling)) {
      this.#stopAll(createAbortError(stopMessage));
    } else {
      this.wantedBelow = IDLE;
    }
    this.#queueStates = [];
    this.#queueValues = [];
    this.#map?.clear();
    this.#values?.fill(undefined);
  }

  /** After `return()`/`throw()`, `next()` calls already waiting get `done`, as with an async generator. */
  #flushRequests(): void {
    const requests = this.#requests;
    for (let i = this.#requestsHead; i < requests.length; i += 1) {
      (requests[i] as Request<R>).resolve({ value: undefined, done: true });
    }
    requests.length = 0;
    this.#requestsHead = 0;
  }
}
