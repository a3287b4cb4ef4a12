import {
  FULFILLED,
  Fifo,
  PENDING,
  REJECTED,
  Task,
  abortedController,
  checkIterable,
  closeIterator,
  createAbortError,
  isThenable,
  openSource,
  validateConcurrency,
  validateFunction,
  validateOptions,
  validateSignal,
  validateTimeout,
  type Mapper,
  type TaskOwner,
  type TaskState,
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

// What a poll of the buffers found.
const NOTHING = 0;
const VALUE = 1;
const ERROR = 2;
const DONE = 3;
type PollOutcome = typeof NOTHING | typeof VALUE | typeof ERROR | typeof DONE;

// Phases of the iteration.
const IDLE = 0;
const RUNNING = 1;
const ENDED = 2;

// The input's state: open, finished by itself (done or a throw: no `return()` owed), or closed by us.
const OPEN = 0;
const FINISHED = 1;
const CLOSED = 2;

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
 * - Work starts on the first `next()` (the input is opened then, not before) and then runs at
 *   most `concurrency` items ahead of the consumer (started ≤ consumed + `concurrency`); input is
 *   pulled only when a slot frees up.
 * - `ordered` (default `true`) yields in input order; `ordered: false` in completion order.
 * - When the consumer stops — `break`, `return` or `throw` inside `for await`, or `.return()` —
 *   nothing new starts, and in that same tick the signal of every task whose result the consumer
 *   has not received aborts (running or finished and waiting: a streaming response keeps
 *   generating until its signal aborts), and the input iterator's `return()` is called (after a
 *   pending `next()` of it settles). Results and rejections of the aborted tasks are dropped
 *   silently. `return()` does not wait for them to settle.
 * - A mapper rejection is thrown to the consumer at its place in the order (ordered) or when it
 *   happens (unordered); nothing after it starts, and tasks whose results would come after it are
 *   aborted. The iteration then ends.
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
  checkIterable("mapLazy", input);
  return new LazyIterator<T, Awaited<R>>(input, mapper as Mapper<T, Awaited<R>>, concurrency, ordered, timeout, signal);
}

/**
 * The iterator. User code (mappers, the input's `next()`/`return()`, abort listeners, the
 * consumer's own calls) can run synchronously inside almost every step and call back into it, so:
 * `#poll()` only moves state and never runs user code; user code runs in `#effects()` (stopping,
 * filling), which the delivery loop `#pump()` runs after it has answered the `next()` calls it
 * could; a re-entrant delivery only flags `#again` for the loop that is already running.
 */
class LazyIterator<T, R> implements AsyncIterableIterator<R>, TaskOwner {
  readonly #input: unknown;
  #array: ArrayLike<T> | undefined = undefined;
  #iterator: Iterator<T> | undefined = undefined;
  #asyncIterator: AsyncIterator<T> | undefined = undefined;
  readonly #mapper: Mapper<T, R>;
  readonly #concurrency: number;
  readonly #ordered: boolean;
  readonly #timeout: number | undefined;
  readonly #signal: AbortSignal | undefined;

  #phase: typeof IDLE | typeof RUNNING | typeof ENDED = IDLE;
  #nextIndex = 0;
  /** Items started (or being pulled) and not yet consumed. */
  #outstanding = 0;
  #running = 0;
  #source: typeof OPEN | typeof FINISHED | typeof CLOSED = OPEN;
  /** A sync `next()` or an async pull of the input is in progress. */
  #pulling = false;
  /** The input must be closed once the pull in progress settles (never `return()` during `next()`). */
  #closeWhenPulled = false;
  #filling = false;

  // What is still wanted. A full stop wants nothing the consumer has not received; an ordered
  // failure at index f wants only items before f; an unordered failure wants only finished results.
  #stoppedAll = false;
  #cutoff = Number.POSITIVE_INFINITY;
  #cutRunning = false;
  #stopReason: unknown = undefined;
  /** Tasks that have a controller and whose result the consumer has not received. */
  #tracked: Set<Task> | undefined = undefined;

  /** The caller's abort, thrown at the next poll before anything else. */
  #terminal: { readonly reason: unknown } | undefined = undefined;
  #pendingStop: { readonly reason: unknown } | undefined = undefined;
  #onAbort: (() => void) | undefined = undefined;

  // Ordered buffer: a ring of `#ringSize` slots indexed by item index, or a Map for huge bounds.
  #head = 0;
  readonly #ringSize: number;
  readonly #ring: (Task | undefined)[] | undefined;
  readonly #map: Map<number, Task> | undefined;
  // Unordered buffer: settled tasks in completion order.
  readonly #completed: Fifo<Task> | undefined;

  readonly #requests = new Fifo<Request<R>>();
  #polled: unknown = undefined;
  #delivering = false;
  #again = false;

  constructor(
    input: unknown,
    mapper: Mapper<T, R>,
    concurrency: number,
    ordered: boolean,
    timeout: number | undefined,
    signal: AbortSignal | undefined,
  ) {
    this.#input = input;
    this.#mapper = mapper;
    this.#concurrency = concurrency;
    this.#ordered = ordered;
    this.#timeout = timeout;
    this.#signal = signal;
    if (!ordered) {
      this.#ringSize = 0;
      this.#ring = undefined;
      this.#map = undefined;
      this.#completed = new Fifo();
    } else if (concurrency <= MAX_RING) {
      this.#ringSize = concurrency;
      this.#ring = new Array<Task | undefined>(concurrency).fill(undefined);
      this.#map = undefined;
      this.#completed = undefined;
    } else {
      this.#ringSize = 0;
      this.#ring = undefined;
      this.#map = new Map();
      this.#completed = undefined;
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  createSignal(task: Task): AbortSignal {
    if (task.released) {
      // Read after the consumer received the result: nothing will abort it.
      return new AbortController().signal;
    }
    if (this.#unwanted(task)) {
      // Read after the stop (for example after an `await` in the mapper): it must be aborted
      // already, or a request started now would run un-aborted.
      task.controller = abortedController(this.#stopReason);
      return task.controller.signal;
    }
    const controller = new AbortController();
    task.controller = controller;
    (this.#tracked ??= new Set()).add(task);
    return controller.signal;
  }

  #unwanted(task: Task): boolean {
    if (this.#stoppedAll) return true;
    if (this.#ordered) return task.index >= this.#cutoff;
    return this.#cutRunning && task.state === PENDING;
  }

  get #accepting(): boolean {
    return !this.#stoppedAll && this.#cutoff === Number.POSITIVE_INFINITY && !this.#cutRunning;
  }

  next(): Promise<IteratorResult<R>> {
    if (this.#delivering || this.#requests.size > 0) {
      return new Promise<IteratorResult<R>>((resolve, reject) => {
        this.#requests.push({ resolve, reject });
        this.#deliver();
      });
    }
    // Fast path: nobody is waiting, so this call is answered first.
    this.#delivering = true;
    let answer: Promise<IteratorResult<R>>;
    try {
      if (this.#phase === IDLE) this.#begin();
      const outcome = this.#poll();
      if (outcome === VALUE) answer = Promise.resolve({ value: this.#takePolled() as R, done: false });
      else if (outcome === ERROR) answer = Promise.reject(this.#takePolled());
      else if (outcome === DONE) answer = Promise.resolve({ value: undefined, done: true });
      else {
        answer = new Promise<IteratorResult<R>>((resolve, reject) => {
          this.#requests.push({ resolve, reject });
        });
      }
      this.#effects();
      this.#loop();
    } finally {
      this.#delivering = false;
    }
    return answer;
  }

  return(value?: unknown): Promise<IteratorResult<R>> {
    this.#consumerStopped();
    return Promise.resolve({ value: value as R, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<R>> {
    this.#consumerStopped();
    return Promise.reject(error);
  }

  #consumerStopped(): void {
    if (this.#phase !== ENDED) {
      const wasRunning = this.#phase === RUNNING;
      this.#end();
      if (wasRunning) this.#stop(createAbortError(CONSUMER_STOPPED));
    }
    // `next()` calls already waiting get `done`, as with an async generator.
    for (const request of this.#requests.drain()) request.resolve({ value: undefined, done: true });
  }

  #begin(): void {
    this.#phase = RUNNING;
    try {
      const source = openSource<T>(this.#input);
      if (source.kind === "array") this.#array = source.array;
      else if (source.kind === "sync") this.#iterator = source.iterator;
      else this.#asyncIterator = source.iterator;
    } catch (error) {
      this.#source = FINISHED;
      this.#sourceFailed(0, error);
      return;
    }
    const signal = this.#signal;
    if (signal === undefined) return;
    if (signal.aborted) {
      this.#abortedByCaller(signal.reason);
      return;
    }
    this.#onAbort = () => this.#abortedByCaller(signal.reason);
    signal.addEventListener("abort", this.#onAbort);
  }

  #abortedByCaller(reason: unknown): void {
    if (this.#phase === ENDED || this.#terminal !== undefined) return;
    this.#terminal = { reason };
    this.#stop(reason);
    this.#deliver();
  }

  /** Answers waiting `next()` calls, then runs the effects, until nothing changes. */
  #deliver(): void {
    if (this.#delivering) {
      this.#again = true;
      return;
    }
    this.#delivering = true;
    try {
      this.#again = true;
      this.#loop();
    } finally {
      this.#delivering = false;
    }
  }

  #loop(): void {
    while (this.#again) {
      this.#again = false;
      const requests = this.#requests;
      while (requests.size > 0) {
        const outcome = this.#poll();
        if (outcome === NOTHING) break;
        const request = requests.shift() as Request<R>;
        if (outcome === VALUE) request.resolve({ value: this.#takePolled() as R, done: false });
        else if (outcome === ERROR) request.reject(this.#takePolled());
        else request.resolve({ value: undefined, done: true });
      }
      this.#effects();
    }
  }

  /** The steps that run user code: a stop decided by a poll, and starting more items. */
  #effects(): void {
    const stop = this.#pendingStop;
    if (stop !== undefined) {
      this.#pendingStop = undefined;
      this.#stop(stop.reason);
      this.#again = true;
    }
    if (this.#phase === RUNNING) this.#fill();
  }

  /** Starts items while there is room; async sources are pulled one `next()` at a time. */
  #fill(): void {
    if (this.#filling) return;
    this.#filling = true;
    const source = this.#source;
    try {
      const concurrency = this.#concurrency;
      while (this.#outstanding < concurrency && this.#source === OPEN && !this.#pulling && this.#accepting) {
        const index = this.#nextIndex;
        const array = this.#array;
        if (array !== undefined) {
          if (index >= array.length) {
            this.#source = FINISHED;
            break;
          }
          this.#nextIndex = index + 1;
          this.#start(array[index] as T, index);
        } else if (this.#iterator !== undefined) {
          this.#pullSync(this.#iterator, index);
        } else {
          this.#pullAsync(this.#asyncIterator as AsyncIterator<T>, index);
        }
      }
    } finally {
      this.#filling = false;
      // The input ending can end the iteration: let the delivery loop poll once more.
      if (this.#source !== source) this.#again = true;
    }
  }

  #pullSync(iterator: Iterator<T>, index: number): void {
    let done: boolean;
    let value: T;
    this.#pulling = true;
    try {
      const step = iterator.next();
      done = step.done === true;
      value = step.value;
    } catch (error) {
      this.#pulling = false;
      this.#closeWhenPulled = false;
      this.#source = FINISHED;
      this.#sourceFailed(index, error);
      return;
    }
    this.#pulling = false;
    if (done) {
      this.#closeWhenPulled = false;
      if (this.#source === OPEN) this.#source = FINISHED;
      return;
    }
    if (this.#closeWhenPulled) {
      // The input stopped us from inside its own `next()` (it aborted the caller's signal): the
      // item it produced is not started, and it is closed now that it is no longer running.
      this.#closeWhenPulled = false;
      closeIterator(iterator);
      return;
    }
    this.#nextIndex = index + 1;
    this.#start(value, index);
  }

  #pullAsync(iterator: AsyncIterator<T>, index: number): void {
    this.#pulling = true;
    // The pull holds a slot, so a slow source cannot make the bound overshoot when it delivers.
    this.#outstanding += 1;
    let pending: unknown;
    try {
      pending = iterator.next();
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
    let done = false;
    let value: T | undefined;
    if (ok) {
      try {
        done = (outcome as IteratorResult<T>).done === true;
        value = (outcome as IteratorResult<T>).value;
      } catch (error) {
        ok = false;
        outcome = error;
      }
    }
    if (this.#closeWhenPulled) {
      this.#closeWhenPulled = false;
      if (ok && !done) closeIterator(this.#asyncIterator as AsyncIterator<T>);
    } else if (this.#source === OPEN && this.#accepting) {
      if (!ok) {
        this.#source = FINISHED;
        this.#sourceFailed(index, outcome);
      } else if (done) {
        this.#source = FINISHED;
      } else {
        this.#nextIndex = index + 1;
        this.#start(value as T, index);
      }
    }
    this.#deliver();
  }

  #start(item: T, index: number): void {
    this.#outstanding += 1;
    this.#running += 1;
    const task = new Task(this, index, this.#timeout);
    if (this.#ring !== undefined) this.#ring[index % this.#ringSize] = task;
    else this.#map?.set(index, task);
    let result: unknown;
    try {
      result = this.#mapper(item, index, task.context);
      if (!isThenable(result)) {
        this.#settled(task, FULFILLED, result);
        return;
      }
    } catch (error) {
      this.#settled(task, REJECTED, error);
      return;
    }
    Promise.resolve(result).then(
      (value) => this.#settled(task, FULFILLED, value),
      (error: unknown) => this.#settled(task, REJECTED, error),
    );
  }

  #settled(task: Task, state: TaskState, value: unknown): void {
    task.settle(state, value);
    this.#running -= 1;
    if (this.#phase === ENDED || this.#unwanted(task)) {
      // Aborted by a stop already: its result or rejection goes nowhere.
      this.#tracked?.delete(task);
      if (this.#phase !== ENDED) this.#deliver();
      return;
    }
    if (this.#completed !== undefined) {
      this.#completed.push(task);
      if (state === REJECTED) this.#cut(task.index);
    } else if (state === REJECTED) {
      this.#cut(task.index);
    }
    this.#deliver();
  }

  #sourceFailed(index: number, error: unknown): void {
    // The source failed where item `index` would have been: earlier results still come first.
    this.#outstanding += 1;
    const failure = new Task(this, index, undefined);
    failure.settle(REJECTED, error);
    if (this.#completed !== undefined) {
      this.#completed.push(failure);
    } else if (this.#ring !== undefined) {
      this.#ring[index % this.#ringSize] = failure;
    } else {
      this.#map?.set(index, failure);
    }
    this.#cut(index);
    this.#deliver();
  }

  /**
   * Nothing after a failure can be yielded, so nothing after it starts and the tasks after it are
   * aborted now rather than when the consumer reaches the failure. Unordered: every running task.
   */
  #cut(failedIndex: number): void {
    const reason = createAbortError(EARLIER_FAILED);
    if (this.#ordered) {
      const cutoff = failedIndex + 1;
      if (cutoff >= this.#cutoff) return;
      this.#cutoff = cutoff;
    } else {
      if (this.#cutRunning) return;
      this.#cutRunning = true;
    }
    this.#stopReason = reason;
    this.#abortUnwanted(reason);
    this.#closeSource();
  }

  /** A full stop: every task whose result the consumer has not received is aborted. */
  #stop(reason: unknown): void {
    if (this.#stoppedAll) return;
    this.#stoppedAll = true;
    this.#stopReason = reason;
    this.#abortUnwanted(reason);
    this.#closeSource();
  }

  #abortUnwanted(reason: unknown): void {
    const tracked = this.#tracked;
    if (tracked === undefined) return;
    for (const task of tracked) {
      if (this.#unwanted(task)) {
        tracked.delete(task);
        task.abort(reason);
      }
    }
  }

  #closeSource(): void {
    if (this.#source !== OPEN) return;
    this.#source = CLOSED;
    const iterator = this.#iterator ?? this.#asyncIterator;
    if (iterator === undefined) return;
    if (this.#pulling) this.#closeWhenPulled = true;
    else closeIterator(iterator);
  }

  /** The consumer received (or will never receive) this task's result: it is never aborted now. */
  #release(task: Task): void {
    task.released = true;
    this.#tracked?.delete(task);
  }

  /** Looks at the head of the buffer; a VALUE or ERROR is consumed and left in `#polled`. Runs no user code. */
  #poll(): PollOutcome {
    if (this.#phase === ENDED) return DONE;
    const terminal = this.#terminal;
    if (terminal !== undefined) {
      this.#polled = terminal.reason;
      this.#end();
      return ERROR;
    }
    let task: Task | undefined;
    if (this.#completed !== undefined) {
      task = this.#completed.shift();
      if (task === undefined) {
        if (this.#running === 0 && this.#source !== OPEN && !this.#pulling) {
          this.#end();
          return DONE;
        }
        return NOTHING;
      }
    } else {
      const head = this.#head;
      if (this.#ring !== undefined) {
        const slot = head % this.#ringSize;
        task = this.#ring[slot];
        if (task !== undefined && task.index === head && task.state !== PENDING) this.#ring[slot] = undefined;
        else task = undefined;
      } else {
        const map = this.#map as Map<number, Task>;
        task = map.get(head);
        if (task !== undefined && task.state !== PENDING) map.delete(head);
        else task = undefined;
      }
      if (task === undefined) {
        if (head >= this.#nextIndex && this.#source !== OPEN && !this.#pulling) {
          this.#end();
          return DONE;
        }
        return NOTHING;
      }
      this.#head = head + 1;
    }
    this.#outstanding -= 1;
    this.#release(task);
    this.#polled = task.value;
    if (task.state === REJECTED) {
      this.#end();
      this.#pendingStop = { reason: createAbortError(EARLIER_FAILED) };
      return ERROR;
    }
    return VALUE;
  }

  #takePolled(): unknown {
    const value = this.#polled;
    this.#polled = undefined;
    return value;
  }

  /** Ends the iteration (no more results); stopping what still runs is up to the caller. */
  #end(): void {
    if (this.#phase === ENDED) return;
    const wasRunning = this.#phase === RUNNING;
    this.#phase = ENDED;
    if (this.#onAbort !== undefined) {
      this.#signal?.removeEventListener("abort", this.#onAbort);
      this.#onAbort = undefined;
    }
    if (!wasRunning) return;
    this.#ring?.fill(undefined);
    this.#map?.clear();
    this.#completed?.drain();
  }
}
