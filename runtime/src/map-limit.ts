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

/** Options of {@link mapLimit}. */
export interface MapLimitOptions {
  /** How many mappers may run at once: an integer >= 1, or `Infinity`. */
  concurrency: number;
  /**
   * Aborts the whole call: nothing more starts, every running task's signal aborts with the
   * signal's reason, and the returned promise rejects with that reason once they have settled.
   */
  signal?: AbortSignal | undefined;
  /**
   * With `true`, a rejection does not stop the others: the promise resolves to
   * `PromiseSettledResult`s in input order, like `Promise.allSettled`.
   */
  settle?: boolean | undefined;
  /**
   * Milliseconds after which a task's own signal aborts with a `TimeoutError`. The task's outcome
   * stays whatever the mapper makes of the abort (an SDK rejects; a mapper may also return a
   * fallback); the slot stays taken until the mapper settles, so the bound holds.
   */
  timeout?: number | undefined;
}

/** {@link MapLimitOptions} with `settle: true`. */
export interface MapLimitSettledOptions extends MapLimitOptions {
  settle: true;
}

const STOPPED_BY_FAILURE = "mapLimit stopped: another task failed";
const IDLE = -1;

/** A pull from an async source that was skipped because the source is finished or closed. */
const SKIPPED_PULL: IteratorResult<never> = Object.freeze({ done: true, value: undefined });

/**
 * Maps `input` through `mapper` with at most `concurrency` mappers running at once, and resolves
 * to the results in input order — `Promise.all` with a bound, a lazy input and cancellation.
 *
 * - `input` may be an array, any iterable or an async iterable. It is pulled lazily: an item is
 *   taken only when a slot is free, so nothing (no promise, no task) exists for items not yet
 *   started, and an endless generator is fine.
 * - Each mapper receives `(item, index, { signal })`. The signal aborts when the result is no
 *   longer wanted; pass it on to the request.
 * - On the first rejection (without `settle`), nothing more starts, every running task's signal
 *   aborts, the input iterator's `return()` is called, and the promise rejects with that error
 *   itself — after the running tasks have settled (structured completion: nothing started by the
 *   call outlives it). Their later rejections are swallowed, never unhandled.
 * - With `settle: true`, it resolves to `PromiseSettledResult`s like `Promise.allSettled`.
 * - The caller's `signal` stops everything the same way and rejects with `signal.reason`.
 *
 * @throws {TypeError} synchronously, naming the argument, when `input` is not iterable, `mapper`
 * is not a function, `concurrency` is not an integer >= 1 or `Infinity`, `timeout` is not a
 * positive number, or `signal` is not an AbortSignal.
 *
 * @example
 * ```ts
 * const summaries = await mapLimit(documents, (doc, i, { signal }) =>
 *   client.chat.completions.create({ model, max_tokens: 300, messages: prompt(doc) }, { signal }),
 *   { concurrency: 8 });
 * ```
 */
export function mapLimit<T, R>(
  input: Iterable<T> | AsyncIterable<T>,
  mapper: Mapper<T, R>,
  options: MapLimitSettledOptions,
): Promise<PromiseSettledResult<Awaited<R>>[]>;
export function mapLimit<T, R>(
  input: Iterable<T> | AsyncIterable<T>,
  mapper: Mapper<T, R>,
  options: MapLimitOptions & { settle?: false | undefined },
): Promise<Awaited<R>[]>;
export function mapLimit<T, R>(
  input: Iterable<T> | AsyncIterable<T>,
  mapper: Mapper<T, R>,
  options: MapLimitOptions,
): Promise<Awaited<R>[] | PromiseSettledResult<Awaited<R>>[]>;
export function mapLimit<T, R>(
  input: Iterable<T> | AsyncIterable<T>,
  mapper: Mapper<T, R>,
  options: MapLimitOptions,
): Promise<unknown[]> {
  validateFunction("mapLimit", "mapper", mapper);
  const checked = validateOptions("mapLimit", options);
  const concurrency = validateConcurrency("mapLimit", checked["concurrency"]);
  const timeout = validateTimeout("mapLimit", checked["timeout"]);
  const signal = validateSignal("mapLimit", checked["signal"]);
  const settle = checked["settle"] === true;
  // Opened last: a bad argument must not leave a generator started and never closed.
  const source = openSource<T>("mapLimit", input);
  if (signal?.aborted) {
    if (source.kind !== "array") closeIterator(source.iterator);
    return Promise.reject(signal.reason);
  }
  return new Promise<unknown[]>((resolve, reject) => {
    new MapLimitRun<T, R>(source, mapper, concurrency, timeout, signal, settle, resolve, reject).start();
  });
}

class MapLimitRun<T, R> implements TaskOwner {
  wantedBelow = Number.POSITIVE_INFINITY;
  stopReason: unknown = undefined;

  readonly #array: ArrayLike<T> | undefined;
  readonly #iterator: Iterator<T> | undefined;
  readonly #asyncIterator: AsyncIterator<T> | undefined;
  readonly #mapper: Mapper<T, R>;
  readonly #concurrency: number;
  readonly #timeout: number | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #settle: boolean;
  readonly #resolve: (results: unknown[]) => void;
  readonly #reject: (error: unknown) => void;

  readonly #results: unknown[] = [];
  #tracked: Set<Task> | undefined = undefined;
  #nextIndex = 0;
  #running = 0;
  #workers = 0;
  #pullsInFlight = 0;
  #lastPull: Promise<IteratorResult<T>> | undefined = undefined;
  #exhausted = false;
  #sourceBroken = false;
  #starting = true;
  #failed = false;
  #failure: unknown = undefined;
  #finished = false;
  #onAbort: (() => void) | undefined = undefined;

  constructor(
    source: ReturnType<typeof openSource<T>>,
    mapper: Mapper<T, R>,
    concurrency: number,
    timeout: number | undefined,
    signal: AbortSignal | undefined,
    settle: boolean,
    resolve: (results: unknown[]) => void,
    reject: (error: unknown) => void,
  ) {
    this.#array = source.kind === "array" ? source.array : undefined;
    this.#iterator = source.kind === "sync" ? source.iterator : undefined;
    this.#asyncIterator = source.kind === "async" ? source.iterator : undefined;
    this.#mapper = mapper;
    this.#concurrency = concurrency;
    this.#timeout = timeout;
    this.#signal = signal;
    this.#settle = settle;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  track(task: Task): void {
    (this.#tracked ??= new Set()).add(task);
  }

  untrack(task: Task): void {
    this.#tracked?.delete(task);
  }

  start(): void {
    const signal = this.#signal;
    if (signal !== undefined) {
      this.#onAbort = () => this.#fail(signal.reason);
      signal.addEventListener("abort", this.#onAbort);
    }
    if (this.#asyncIterator !== undefined) {
      // Async workers are spawned one per item pulled, so `Infinity` over an endless async
      // source does not create endless idle workers.
      this.#workers = 1;
      void this.#asyncWorker();
    } else {
      // Each worker pulls its first item synchronously, so this stops as soon as the input is
      // exhausted — no idle workers for short inputs.
      while (this.#workers < this.#concurrency && !this.#exhausted && this.wantedBelow === Number.POSITIVE_INFINITY) {
        this.#workers += 1;
        void this.#syncWorker();
      }
    }
    this.#starting = false;
    this.#checkDone();
  }

  async #syncWorker(): Promise<void> {
    const mapper = this.#mapper;
    const array = this.#array;
    const results = this.#results;
    for (;;) {
      if (this.wantedBelow !== Number.POSITIVE_INFINITY || this.#exhausted) break;
      const index = this.#nextIndex;
      let item: T;
      if (array !== undefined) {
        if (index >= array.length) {
          this.#exhausted = true;
          break;
        }
        item = array[index] as T;
      } else {
        let step: IteratorResult<T>;
        try {
          step = (this.#iterator as Iterator<T>).next();
        } catch (error) {
          this.#sourceFailed(error);
          break;
        }
        if (step.done === true) {
          this.#exhausted = true;
          break;
        }
        item = step.value;
      }
      this.#nextIndex = index + 1;
      results.push(undefined);
      this.#running += 1;
      const task = new Task(this, index, this.#timeout);
      try {
        const value = await mapper(item, index, task);
        this.#fulfilled(task, index, value);
      } catch (error) {
        this.#rejected(task, index, error);
      }
    }
    this.#workers -= 1;
    this.#checkDone();
  }

  async #asyncWorker(): Promise<void> {
    const mapper = this.#mapper;
    const results = this.#results;
    for (;;) {
      if (this.wantedBelow !== Number.POSITIVE_INFINITY || this.#exhausted) break;
      let step: IteratorResult<T>;
      this.#pullsInFlight += 1;
      try {
        step = await this.#pull();
      } catch (error) {
        this.#pullsInFlight -= 1;
        this.#sourceFailed(error);
        break;
      }
      this.#pullsInFlight -= 1;
      // An item that arrives after a stop is dropped: starting it would break "nothing new starts".
      if (this.wantedBelow !== Number.POSITIVE_INFINITY) break;
      if (step.done === true) {
        this.#exhausted = true;
        break;
      }
      const index = this.#nextIndex;
      this.#nextIndex = index + 1;
      results.push(undefined);
      this.#running += 1;
      if (this.#workers < this.#concurrency) {
        this.#workers += 1;
        void this.#asyncWorker();
      }
      const task = new Task(this, index, this.#timeout);
      try {
        const value = await mapper(step.value, index, task);
        this.#fulfilled(task, index, value);
      } catch (error) {
        this.#rejected(task, index, error);
      }
    }
    this.#workers -= 1;
    this.#checkDone();
  }

  /** Async iterators are pulled one `next()` at a time: concurrent `next()` calls are not safe for every implementation. */
  #pull(): Promise<IteratorResult<T>> {
    const previous = this.#lastPull;
    const pull =
      previous === undefined
        ? Promise.resolve(this.#pullNow())
        : previous.then(
            () => this.#pullNow(),
            () => this.#pullNow(),
          );
    this.#lastPull = pull;
    const clear = (): void => {
      if (this.#lastPull === pull) this.#lastPull = undefined;
    };
    pull.then(clear, clear);
    return pull;
  }

  #pullNow(): IteratorResult<T> | Promise<IteratorResult<T>> {
    if (this.#exhausted || this.wantedBelow !== Number.POSITIVE_INFINITY) return SKIPPED_PULL;
    return (this.#asyncIterator as AsyncIterator<T>).next();
  }

  #fulfilled(task: Task, index: number, value: unknown): void {
    task.finish();
    this.#running -= 1;
    this.#results[index] = this.#settle ? { status: "fulfilled", value } : value;
    if (this.#running === 0) this.#checkDone();
  }

  #rejected(task: Task, index: number, error: unknown): void {
    task.finish();
    this.#running -= 1;
    if (this.#settle) {
      this.#results[index] = { status: "rejected", reason: error };
    } else {
      this.#fail(error);
    }
    if (this.#running === 0) this.#checkDone();
  }

  #sourceFailed(error: unknown): void {
    this.#sourceBroken = true;
    this.#fail(error);
  }

  /** The first failure wins; failures of tasks aborted because of it are expected and swallowed. */
  #fail(error: unknown): void {
    if (this.#failed || this.#finished) return;
    this.#failed = true;
    this.#failure = error;
    const signal = this.#signal;
    const reason =
      signal !== undefined && signal.aborted && signal.reason === error ? error : createAbortError(STOPPED_BY_FAILURE);
    this.wantedBelow = IDLE;
    this.stopReason = reason;
    abortTracked(this.#tracked, IDLE, reason);
    this.#closeSource();
    this.#checkDone();
  }

  #closeSource(): void {
    if (this.#exhausted || this.#sourceBroken) return;
    this.#exhausted = true;
    const iterator = this.#iterator ?? this.#asyncIterator;
    if (iterator !== undefined) closeIterator(iterator);
  }

  #checkDone(): void {
    if (this.#finished || this.#starting || this.#running !== 0) return;
    if (this.wantedBelow === Number.POSITIVE_INFINITY) {
      if (!this.#exhausted || this.#pullsInFlight !== 0) return;
    }
    this.#finished = true;
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener("abort", this.#onAbort);
    if (this.#failed) this.#reject(this.#failure);
    else this.#resolve(this.#results);
  }
}
