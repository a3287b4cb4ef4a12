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
   * billing. Each task gets its own signal, so listeners added by one request never pile up on
   * another's.
   */
  readonly signal: AbortSignal;
}

/**
 * A function applied to each item: `(item, index, { signal })`. It may return a value or a
 * promise (any thenable).
 */
export type Mapper<T, R> = (item: T, index: number, context: MapperContext) => R | PromiseLike<R>;

/** The run a task belongs to: it decides which tasks are still wanted and aborts the others. */
export interface TaskOwner {
  /** Tasks whose index is at or above this are no longer wanted (`-1` after a full stop). */
  readonly wantedBelow: number;
  /** The abort reason handed to tasks that are no longer wanted. */
  readonly stopReason: unknown;
  /** Called when a task gains a controller that a stop must abort. */
  track(task: Task): void;
  /** Called when a tracked task settles. */
  untrack(task: Task): void;
}

export class Task implements MapperContext {
  readonly #owner: TaskOwner;
  readonly #index: number;
  #controller: AbortController | undefined = undefined;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  #settled = false;

  constructor(owner: TaskOwner, index: number, timeout: number | undefined) {
    this.#owner = owner;
    this.#index = index;
    if (timeout !== undefined) {
      const controller = new AbortController();
      this.#controller = controller;
      owner.track(this);
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        if (!this.#settled) {
          controller.abort(createTimeoutError(`Task ${index} timed out after ${timeout} ms`));
        }
      }, timeout);
    }
  }

  get signal(): AbortSignal {
    let controller = this.#controller;
    if (controller === undefined) {
      controller = new AbortController();
      this.#controller = controller;
      const owner = this.#owner;
      if (this.#index >= owner.wantedBelow) {
        // Read after the stop (for example after an `await` inside the mapper): it must already
        // be aborted, or a request started now would run un-aborted.
        controller.abort(owner.stopReason);
      } else if (!this.#settled) {
        owner.track(this);
      }
    }
    return controller.signal;
  }

  /** Aborts the task if its index is at or above `cutoff`; returns whether it did. */
  abortIfUnwanted(cutoff: number, reason: unknown): boolean {
    if (this.#index < cutoff) return false;
    this.#clearTimer();
    const controller = this.#controller;
    if (controller !== undefined && !controller.signal.aborted) controller.abort(reason);
    return true;
  }

  /** Marks the task settled: a settled task is never aborted and leaves no timer behind. */
  finish(): void {
    this.#settled = true;
    if (this.#controller !== undefined) {
      this.#clearTimer();
      this.#owner.untrack(this);
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}

/** Aborts every tracked task at or above `cutoff` and forgets it. */
export function abortTracked(tracked: Set<Task> | undefined, cutoff: number, reason: unknown): void {
  if (tracked === undefined) return;
  for (const task of tracked) {
    if (task.abortIfUnwanted(cutoff, reason)) tracked.delete(task);
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
  if (signal === undefined || signal === null) return undefined;
  if (typeof signal !== "object" || typeof (signal as AbortSignal).addEventListener !== "function" || typeof (signal as AbortSignal).aborted !== "boolean") {
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

export function openSource<T>(caller: string, input: unknown): Source<T> {
  if (Array.isArray(input)) return { kind: "array", array: input as T[] };
  if (input !== null && input !== undefined) {
    const asyncIterate = (input as Partial<AsyncIterable<T>>)[Symbol.asyncIterator];
    if (typeof asyncIterate === "function") {
      return { kind: "async", iterator: asyncIterate.call(input) };
    }
    const iterate = (input as Partial<Iterable<T>>)[Symbol.iterator];
    if (typeof iterate === "function") return { kind: "sync", iterator: iterate.call(input) };
  }
  throw new TypeError(`${caller}: \`input\` must be an iterable or an async iterable, got ${describe(input)}`);
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
