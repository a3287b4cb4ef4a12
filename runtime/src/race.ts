import { createAbortError, isThenable, validateFunction, validateSignal } from "./task.js";

/** A task for {@link raceAbortable} and {@link anyAbortable}: it receives its own signal. */
export type AbortableTask<T> = (signal: AbortSignal) => T | PromiseLike<T>;

/** Options of {@link raceAbortable} and {@link anyAbortable}. */
export interface AbortableOptions {
  /** Aborts every task with the signal's reason and rejects with that reason. */
  signal?: AbortSignal | undefined;
}

type TaskResult<Tasks extends readonly AbortableTask<unknown>[]> = Awaited<ReturnType<Tasks[number]>>;

const LOST_RACE = "raceAbortable: another task settled first";
const LOST_ANY = "anyAbortable: another task fulfilled first";

/**
 * `Promise.race` over task functions that can be aborted: each task is called with its own
 * `AbortSignal`, and as soon as one settles (fulfils or rejects) the others are aborted, so the
 * losing requests stop billing. Their later rejections are swallowed.
 *
 * Like `Promise.race`, an empty list never settles (unless `signal` aborts). A task that throws
 * synchronously, or returns a value that is not a promise, settles the race at once and the tasks
 * after it are not started.
 *
 * @throws {TypeError} when `tasks` is not an iterable of functions or `signal` is not an AbortSignal.
 *
 * @example
 * ```ts
 * const answer = await raceAbortable([
 *   (signal) => openai.chat.completions.create(body, { signal }),
 *   (signal) => anthropic.messages.create(otherBody, { signal }),
 * ]);
 * ```
 */
export function raceAbortable<const Tasks extends readonly AbortableTask<unknown>[]>(
  tasks: Tasks,
  options?: AbortableOptions,
): Promise<TaskResult<Tasks>>;
export function raceAbortable<T>(tasks: Iterable<AbortableTask<T>>, options?: AbortableOptions): Promise<Awaited<T>>;
export function raceAbortable(tasks: Iterable<AbortableTask<unknown>>, options?: AbortableOptions): Promise<unknown> {
  return settleFirst("raceAbortable", tasks, options, false);
}

/**
 * `Promise.any` over task functions that can be aborted: each task is called with its own
 * `AbortSignal`; the first to fulfil wins and the others are aborted. If every task rejects, the
 * promise rejects with an `AggregateError` of their errors in task order (at once for an empty list).
 *
 * @throws {TypeError} when `tasks` is not an iterable of functions or `signal` is not an AbortSignal.
 *
 * @example
 * ```ts
 * const text = await anyAbortable(models.map((model) => (signal) =>
 *   generateText({ model, prompt, maxOutputTokens: 500, abortSignal: signal })));
 * ```
 */
export function anyAbortable<const Tasks extends readonly AbortableTask<unknown>[]>(
  tasks: Tasks,
  options?: AbortableOptions,
): Promise<TaskResult<Tasks>>;
export function anyAbortable<T>(tasks: Iterable<AbortableTask<T>>, options?: AbortableOptions): Promise<Awaited<T>>;
export function anyAbortable(tasks: Iterable<AbortableTask<unknown>>, options?: AbortableOptions): Promise<unknown> {
  return settleFirst("anyAbortable", tasks, options, true);
}

function settleFirst(
  caller: string,
  tasks: Iterable<AbortableTask<unknown>>,
  options: AbortableOptions | undefined,
  firstFulfilment: boolean,
): Promise<unknown> {
  if (tasks === null || tasks === undefined || typeof (tasks as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${caller}: \`tasks\` must be an iterable of functions`);
  }
  const list = Array.from(tasks);
  list.forEach((task, i) => validateFunction(caller, `tasks[${i}]`, task));
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new TypeError(`${caller}: \`options\` must be an object`);
  }
  const signal = validateSignal(caller, options?.signal);
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (firstFulfilment && list.length === 0) {
    return Promise.reject(new AggregateError([], `${caller}: no tasks`));
  }

  return new Promise<unknown>((resolve, reject) => {
    const controllers: AbortController[] = [];
    const errors: unknown[] = new Array<unknown>(list.length);
    let remaining = list.length;
    let settled = false;

    const finish = (winner: number, reason: unknown): void => {
      settled = true;
      if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
      for (let i = 0; i < controllers.length; i += 1) {
        if (i !== winner) (controllers[i] as AbortController).abort(reason);
      }
    };
    const onAbort =
      signal === undefined
        ? undefined
        : (): void => {
            if (settled) return;
            finish(-1, signal.reason);
            reject(signal.reason);
          };
    if (onAbort !== undefined) signal?.addEventListener("abort", onAbort);

    const fulfilled = (index: number, value: unknown): void => {
      if (settled) return;
      finish(index, createAbortError(firstFulfilment ? LOST_ANY : LOST_RACE));
      resolve(value);
    };
    const rejected = (index: number, error: unknown): void => {
      if (settled) return;
      if (!firstFulfilment) {
        finish(index, createAbortError(LOST_RACE));
        reject(error);
        return;
      }
      errors[index] = error;
      remaining -= 1;
      if (remaining === 0) {
        finish(-1, undefined);
        reject(new AggregateError(errors, `${caller}: every task rejected`));
      }
    };

    for (let index = 0; index < list.length && !settled; index += 1) {
      const controller = new AbortController();
      controllers.push(controller);
      let result: unknown;
      try {
        result = (list[index] as AbortableTask<unknown>)(controller.signal);
        if (!isThenable(result)) {
          // A plain value settles the race now: the tasks after it are not started.
          fulfilled(index, result);
          continue;
        }
      } catch (error) {
        rejected(index, error);
        continue;
      }
      Promise.resolve(result).then(
        (value) => fulfilled(index, value),
        (error: unknown) => rejected(index, error),
      );
    }
  });
}
