/**
 * The per-task context handed to mappers, and the plumbing shared by `mapLimit` and `mapLazy`.
 *
 * Allocating an `AbortController` per task costs more than a trivially resolving task itself, and
 * sharing one signal between many tasks makes Node warn once more than ten of them listen to it
 * (`MaxListenersExceededWarning`) and leaks listeners that SDKs never remove. So each task owns a
 * controller, created only when the mapper reads `signal` (or a per-task timeout needs one), and
 * the owning run aborts exactly the controllers that exist.
 */

/** What every mapper receives as its third argument. */
export interface MapperContext {
  /**
   * Aborts when the task's result is no longer wanted: the consumer stopped, another task failed,
   * the caller's signal aborted, or the per-task `timeout` elapsed. Pass it to the SDK call
   * (`{ signal }` for OpenAI and Anthropic, `abortSignal` for the AI SDK) so the request stops
   * billing. It is an own enumerable property, so a copy of the context (`{ ...context }`, which
   * is what the SDKs do with their request options) carries the same live signal.
   */
  readonly signal: AbortSignal;
}

/**
 * A function applied to each item: `(item, index, { signal })`. It may return a value or a
 * promise (any thenable).
 */
export type Mapper<T, R> = (item: T, index: number, context: MapperContext) => R | PromiseLike<R>;

export const PENDING = 0;
export const FULFILLED = 1;
export const REJECTED = 2;
export type TaskState = typeof PENDING | typeof FULFILLED | typeof REJECTED;

/** The run a task belongs to: it decides what signal a task gets. */
export interface TaskOwner {
  /** Called once per task, the first time its signal is needed. */
  createSignal(task: Task): AbortSignal;
}

/**
 * One started item: its outcome once settled, and the signal it was given. The mapper never sees
 * this object, only `context`, a plain object whose one own property `signal` is a getter (so a
 * signal is created only for mappers that read it, and `{ ...context }` copies it live).
 */
export class Task {
  readonly index: number;
  readonly context: MapperContext;
  state: TaskState = PENDING;
  value: unknown = undefined;
  /** The consumer has received the result: the task is never aborted now. */
  released = false;
  /** The task's own controller, when it has one (the owner may hand out a shared signal instead). */
  controller: AbortController | undefined = undefined;
  readonly #owner: TaskOwner;
  #signal: AbortSignal | undefined = undefined;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(owner: TaskOwner, index: number, timeout: number | undefined) {
    this.#owner = owner;
    this.index = index;
    this.context = createContext(this);
    if (timeout !== undefined) {
      // The owner gives a task with a timeout its own controller: the timeout aborts only it.
      this.#signal = owner.createSignal(this);
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        const controller = this.controller;
        if (this.state === PENDING && controller !== undefined && !controller.signal.aborted) {
          controller.abort(createTimeoutError(`Task ${index} timed out after ${timeout} ms`));
        }
      }, timeout);
    }
  }

  get signal(): AbortSignal {
    return (this.#signal ??= this.#owner.createSignal(this));
  }

  /** Records the outcome; a settled task leaves no timer behind. */
  settle(state: TaskState, value: unknown): void {
    this.state = state;
    this.value = value;
    this.clearTimer();
  }

  /** Aborts the task's own controller (if it has one and it is not aborted yet). */
  abort(reason: unknown): void {
    this.clearTimer();
    const controller = this.controller;
    if (controller !== undefined && !controller.signal.aborted) controller.abort(reason);
  }

  clearTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}

let signalOf: (context: TaskContext) => AbortSignal;

/**
 * The object mappers receive. `signal` is an own enumerable getter, so `{ ...context }` and
 * `Object.assign({}, context)` copy the live signal; where it comes from is a private field, so
 * nothing of the task or run is reachable. Every context shares one getter function: a getter created per object (an object
 * literal with `get signal()` in a closure) gives each object its own hidden class and made a
 * trivial task several times slower.
 */
class TaskContext {
  readonly #source: { readonly signal: AbortSignal };

  static {
    signalOf = (context) => context.#source.signal;
  }

  constructor(source: { readonly signal: AbortSignal }) {
    this.#source = source;
    Object.defineProperty(this, "signal", SIGNAL_PROPERTY);
  }
}

const SIGNAL_PROPERTY: PropertyDescriptor = {
  get(this: TaskContext): AbortSignal {
    return signalOf(this);
  },
  enumerable: true,
  configurable: false,
};

/** A mapper context whose `signal` is `source.signal`, read when the mapper reads it. */
export function createContext(source: { readonly signal: AbortSignal }): MapperContext {
  return new TaskContext(source) as unknown as MapperContext;
}

/** A controller already aborted with `reason`, for a signal first read after its task was given up. */
export function abortedController(reason: unknown): AbortController {
  const controller = new AbortController();
  controller.abort(reason);
  return controller;
}

/** Whether `value` is a thenable; reading `then` may run user code (a getter), so it may throw. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * A first-in first-out queue: an array and a head index, compacted as the head advances, so a
 * queue that never drains completely (a steady stream of results or of pending `next()` calls)
 * holds only what is live, not everything that ever passed through.
 */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  shift(): T | undefined {
    const items = this.#items;
    const head = this.#head;
    if (head >= items.length) return undefined;
    const item = items[head];
    items[head] = undefined;
    if (head + 1 === items.length) {
      items.length = 0;
      this.#head = 0;
    } else if (head >= 1023 && (head + 1) * 2 >= items.length) {
      // The live part is at most half: moving it costs no more than the shifts that freed the rest.
      items.splice(0, head + 1);
      this.#head = 0;
    } else {
      this.#head = head + 1;
    }
    return item;
  }

  /** Removes and returns everything, in order. */
  drain(): T[] {
    const rest = this.#items.slice(this.#head) as T[];
    this.#items = [];
    this.#head = 0;
    return rest;
  }
}

function createNamedError(message: string, name: string): Error {
  // DOMException is what `AbortSignal.abort()` and `AbortSignal.timeout()` use, so SDKs and
  // `fetch` recognise these reasons; every target runtime has it, the fallback is for exotic ones.
  if (typeof DOMException === "function") return new DOMException(message, name);
  const error = new Error(message);
  error.name = name;
  return error;
}

export function createAbortError(message: string): Error {
  return createNamedError(message, "AbortError");
}

export function createTimeoutError(message: string): Error {
  return createNamedError(message, "TimeoutError");
}

// setTimeout silently turns delays above 2^31 - 1 ms into 1 ms in Node and browsers.
const MAX_TIMEOUT = 2_147_483_647;

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (value === null) return "null";
  if (typeof value === "object") return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}

export function validateConcurrency(caller: string, concurrency: unknown): number {
  if (
    typeof concurrency !== "number" ||
    !(concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency >= 1))
  ) {
    throw new TypeError(
      `${caller}: \`concurrency\` must be an integer >= 1 or Infinity, got ${describe(concurrency)}`,
    );
  }
  return concurrency;
}

export function validateFunction(caller: string, name: string, value: unknown): void {
  if (typeof value !== "function") {
    throw new TypeError(`${caller}: \`${name}\` must be a function, got ${describe(value)}`);
  }
}

/** Returns the timeout in ms, or `undefined` for none. */
export function validateTimeout(caller: string, timeout: unknown): number | undefined {
  if (timeout === undefined || timeout === Number.POSITIVE_INFINITY) return undefined;
  if (typeof timeout !== "number" || !(timeout > 0) || timeout > MAX_TIMEOUT) {
    throw new TypeError(
      `${caller}: \`timeout\` must be a number of milliseconds > 0 and <= ${MAX_TIMEOUT}, or Infinity, got ${describe(timeout)}`,
    );
  }
  return timeout;
}

export function validateSignal(caller: string, signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (signal === null || typeof signal !== "object" || typeof (signal as AbortSignal).addEventListener !== "function" || typeof (signal as AbortSignal).aborted !== "boolean") {
    throw new TypeError(`${caller}: \`signal\` must be an AbortSignal, got ${describe(signal)}`);
  }
  return signal as AbortSignal;
}

export function validateOptions(caller: string, options: unknown): Record<string, unknown> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `${caller}: \`options\` must be an object with \`concurrency\`, got ${describe(options)}`,
    );
  }
  return options as Record<string, unknown>;
}

/** The input, classified once so the hot loops do not re-check it per item. */
export type Source<T> =
  | { readonly kind: "array"; readonly array: ArrayLike<T> }
  | { readonly kind: "sync"; readonly iterator: Iterator<T> }
  | { readonly kind: "async"; readonly iterator: AsyncIterator<T> };

/** Throws the `input` TypeError unless `input` is an array, an iterable or an async iterable. */
export function checkIterable(caller: string, input: unknown): void {
  if (Array.isArray(input)) return;
  if (input !== null && input !== undefined) {
    if (typeof (input as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === "function") return;
    if (typeof (input as Partial<Iterable<unknown>>)[Symbol.iterator] === "function") return;
  }
  throw new TypeError(`${caller}: \`input\` must be an iterable or an async iterable, got ${describe(input)}`);
}

/**
 * Opens an input that {@link checkIterable} accepted. Calling `[Symbol.asyncIterator]()` can have
 * effects (it locks a web `ReadableStream`), so `mapLazy` does it at the first `next()`.
 */
export function openSource<T>(input: unknown): Source<T> {
  if (Array.isArray(input)) return { kind: "array", array: input as T[] };
  const asyncIterate = (input as Partial<AsyncIterable<T>>)[Symbol.asyncIterator];
  if (typeof asyncIterate === "function") return { kind: "async", iterator: asyncIterate.call(input) };
  return { kind: "sync", iterator: (input as Iterable<T>)[Symbol.iterator]() };
}

/**
 * Calls the iterator's `return()` so generators run their `finally` blocks; its outcome cannot
 * change ours (we are stopping already), so errors from it are swallowed, as `for…of` does.
 */
export function closeIterator(iterator: Iterator<unknown> | AsyncIterator<unknown>): void {
  const close: unknown = iterator.return;
  if (typeof close !== "function") return;
  try {
    const result: unknown = (close as (this: unknown) => unknown).call(iterator);
    if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
      (result as PromiseLike<unknown>).then(undefined, noop);
    }
  } catch {
    // see above
  }
}

export function noop(): void {}
