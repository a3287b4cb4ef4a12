import {
  FULFILLED,
  REJECTED,
  Task,
  abortedController,
  checkIterable,
  createContext,
  closeIterator,
  createAbortError,
  openSource,
  validateConcurrency,
  validateFunction,
  validateOptions,
  validateSignal,
  validateTimeout,
  type Mapper,
  type MapperContext,
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

/**
 * Tasks of a `mapLimit` call are aborted all together or not at all (a failure discards every
 * result), so consecutive tasks can share a signal, and so one context: creating an
 * `AbortController` costs more than a trivial task, and so does defining a context's accessor.
 * Four per signal keeps SDK listeners (one per request, never removed) well under Node's warning
 * threshold of ten per signal, even for a mapper that retries once. With a `timeout`, each task
 * has its own context and signal (a timeout aborts one task).
 */
const TASKS_PER_SIGNAL = 4;

/** The signal behind a context shared by up to four tasks, created when first read. */
class SharedSignal {
  readonly #create: () => AbortSignal;
  #signal: AbortSignal | undefined = undefined;

  constructor(create: () => AbortSignal) {
    this.#create = create;
  }

  get signal(): AbortSignal {
    return (this.#signal ??= this.#create());
  }
}

// The input's state: open, finished by itself (done or a throw: no `return()` owed), or closed by us.
const OPEN = 0;
const FINISHED = 1;
const CLOSED = 2;

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
 * - On the first rejection (without `settle`), nothing more starts, the signal of every task
 *   aborts — running ones, and finished ones too, since their results are discarded (a streaming
 *   response keeps generating until its signal aborts) —, the input iterator's `return()` is called
 *   (after a pending `next()` of it settles), and the promise rejects with that error itself —
 *   after the running tasks have settled (structured completion: nothing started by the call
 *   outlives it). Their later rejections are swallowed, never unhandled.
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
  checkIterable("mapLimit", input);
  // Opened last: a bad argument must not leave a generator started and never closed.
  const source = openSource<T>(input);
  if (signal?.aborted) {
    if (source.kind !== "array") closeIterator(source.iterator);
    return Promise.reject(signal.reason);
  }
  return new Promise<unknown[]>((resolve, reject) => {
    new MapLimitRun<T, R>(source, mapper, concurrency, timeout, signal, settle, resolve, reject).start();
  });
}

class MapLimitRun<T, R> implements TaskOwner {
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
  /** Every controller handed out so far: a failure aborts them all. */
  #controllers: AbortController[] = [];
  #sharedContext: MapperContext | undefined = undefined;
  #sharedUses = 0;
  readonly #createShared = (): AbortSignal => this.#sharedSignal();
  #nextIndex = 0;
  #running = 0;
  #workers = 0;
  #pullsInFlight = 0;
  #lastPull: Promise<IteratorResult<T>> | undefined = undefined;
  #source: typeof OPEN | typeof FINISHED | typeof CLOSED = OPEN;
  /** A sync `next()` of the input is running. */
  #inNext = false;
  /** The input must be closed once its `next()` in progress settles (never `return()` during `next()`). */
  #closeWhenPulled = false;
  /** The input finished by itself (done or a throw) while a close was deferred: no `return()` is owed. */
  #sourceEnded = false;
  #starting = true;
  #stopped = false;
  #stopReason: unknown = undefined;
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

  /** The own signal of a task with a timeout. */
  createSignal(task: Task): AbortSignal {
    if (this.#stopped) return abortedController(this.#stopReason).signal;
    // After the call resolved nothing aborts any more.
    if (this.#finished) return new AbortController().signal;
    const own = new AbortController();
    task.controller = own;
    this.#controllers.push(own);
    return own.signal;
  }

  #sharedSignal(): AbortSignal {
    if (this.#stopped) return abortedController(this.#stopReason).signal;
    const controller = new AbortController();
    if (!this.#finished) this.#controllers.push(controller);
    return controller.signal;
  }

  /** The context of a task without a timeout: one for four consecutive tasks. */
  #context(): MapperContext {
    let context = this.#sharedContext;
    if (context === undefined || this.#sharedUses === TASKS_PER_SIGNAL) {
      context = createContext(new SharedSignal(this.#createShared));
      this.#sharedContext = context;
      this.#sharedUses = 0;
    }
    this.#sharedUses += 1;
    return context;
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
      while (this.#workers < this.#concurrency && this.#source === OPEN && !this.#stopped) {
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
      if (this.#stopped || this.#source !== OPEN) break;
      const index = this.#nextIndex;
      let item: T;
      if (array !== undefined) {
        if (index >= array.length) {
          this.#source = FINISHED;
          break;
        }
        item = array[index] as T;
      } else {
        const iterator = this.#iterator as Iterator<T>;
        let done: boolean;
        this.#inNext = true;
        try {
          const step = iterator.next();
          done = step.done === true;
          item = step.value;
        } catch (error) {
          this.#inNext = false;
          this.#closeWhenPulled = false;
          this.#sourceFailed(error);
          break;
        }
        this.#inNext = false;
        if (done) {
          this.#closeWhenPulled = false;
          if (this.#source === OPEN) this.#source = FINISHED;
          break;
        }
        if (this.#closeWhenPulled) {
          // The input stopped the call from inside its own `next()` (it aborted the caller's
          // signal): the item it produced is not started, and it is closed now.
          this.#closeWhenPulled = false;
          closeIterator(iterator);
          break;
        }
      }
      this.#nextIndex = index + 1;
      results.push(undefined);
      this.#running += 1;
      const task = this.#timeout === undefined ? undefined : new Task(this, index, this.#timeout);
      try {
        const value = await mapper(item, index, task === undefined ? this.#context() : task.context);
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
      if (this.#stopped || this.#source !== OPEN) break;
      let step: IteratorResult<T>;
      let done: boolean;
      this.#pullsInFlight += 1;
      try {
        step = await this.#pull();
        done = step.done === true;
      } catch (error) {
        this.#pulledOne(true);
        this.#sourceFailed(error);
        break;
      }
      // A skipped pull (the input was closed before it ran) says nothing about the input itself.
      this.#pulledOne(done && step !== SKIPPED_PULL);
      // An item that arrives after a stop is dropped: starting it would break "nothing new starts".
      if (this.#stopped) break;
      if (done) {
        if (this.#source === OPEN) this.#source = FINISHED;
        break;
      }
      if (this.#workers < this.#concurrency && this.#source === OPEN) {
        this.#workers += 1;
        void this.#asyncWorker();
        // The new worker pulls at once, and that pull can fail synchronously and stop the call.
        if (this.#stopped) break;
      }
      const index = this.#nextIndex;
      this.#nextIndex = index + 1;
      results.push(undefined);
      this.#running += 1;
      const task = this.#timeout === undefined ? undefined : new Task(this, index, this.#timeout);
      try {
        const value = await mapper(step.value, index, task === undefined ? this.#context() : task.context);
        this.#fulfilled(task, index, value);
      } catch (error) {
        this.#rejected(task, index, error);
      }
    }
    this.#workers -= 1;
    this.#checkDone();
  }

  /** A pull settled; `ended` when the input said it is done or threw (then no `return()` is owed). */
  #pulledOne(ended: boolean): void {
    this.#pullsInFlight -= 1;
    if (ended) this.#sourceEnded = true;
    if (this.#closeWhenPulled && this.#pullsInFlight === 0) {
      this.#closeWhenPulled = false;
      if (!this.#sourceEnded) closeIterator(this.#asyncIterator as AsyncIterator<T>);
    }
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
    if (this.#source !== OPEN || this.#stopped) return SKIPPED_PULL;
    return (this.#asyncIterator as AsyncIterator<T>).next();
  }

  #fulfilled(task: Task | undefined, index: number, value: unknown): void {
    task?.settle(FULFILLED, value);
    this.#running -= 1;
    this.#results[index] = this.#settle ? { status: "fulfilled", value } : value;
    if (this.#running === 0) this.#checkDone();
  }

  #rejected(task: Task | undefined, index: number, error: unknown): void {
    task?.settle(REJECTED, error);
    this.#running -= 1;
    if (this.#settle) {
      this.#results[index] = { status: "rejected", reason: error };
    } else {
      this.#fail(error);
    }
    if (this.#running === 0) this.#checkDone();
  }

  #sourceFailed(error: unknown): void {
    if (this.#source === OPEN) this.#source = FINISHED;
    this.#sourceEnded = true;
    this.#fail(error);
  }

  /**
   * The first failure wins; failures of tasks aborted because of it are expected and swallowed.
   * Every signal handed out aborts, finished tasks' too: their results are discarded.
   */
  #fail(error: unknown): void {
    if (this.#stopped || this.#finished) return;
    this.#stopped = true;
    this.#failure = error;
    const signal = this.#signal;
    const reason =
      signal !== undefined && signal.aborted && signal.reason === error ? error : createAbortError(STOPPED_BY_FAILURE);
    this.#stopReason = reason;
    const controllers = this.#controllers;
    this.#controllers = [];
    this.#sharedContext = undefined;
    for (const controller of controllers) {
      if (!controller.signal.aborted) controller.abort(reason);
    }
    this.#closeSource();
    this.#checkDone();
  }

  #closeSource(): void {
    if (this.#source !== OPEN) return;
    this.#source = CLOSED;
    const iterator = this.#iterator ?? this.#asyncIterator;
    if (iterator === undefined) return;
    if (this.#inNext || this.#pullsInFlight > 0) this.#closeWhenPulled = true;
    else closeIterator(iterator);
  }

  #checkDone(): void {
    if (this.#finished || this.#starting || this.#running !== 0) return;
    if (!this.#stopped) {
      if (this.#source === OPEN || this.#pullsInFlight !== 0) return;
    }
    this.#finished = true;
    // Nothing aborts after the end: let the controllers go.
    this.#controllers = [];
    this.#sharedContext = undefined;
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener("abort", this.#onAbort);
    if (this.#stopped) this.#reject(this.#failure);
    else this.#resolve(this.#results);
  }
}
