/**
 * `llm-cost-runtime`: bounded, lazy, abortable concurrency for LLM calls (also re-exported as
 * `eslint-plugin-llm-cost/runtime`).
 *
 * Zero dependencies and no `node:` imports, so it runs in Node >= 20, Deno, Bun, browsers and edge
 * runtimes. Every mapper or task receives an `AbortSignal` that aborts when its result is no longer
 * wanted; pass it to the SDK so abandoned requests stop billing.
 *
 * @packageDocumentation
 */
export { mapLimit, type MapLimitOptions, type MapLimitSettledOptions } from "./map-limit.js";
export { mapLazy, type MapLazyOptions } from "./map-lazy.js";
export { createLimit, type LimitFunction } from "./create-limit.js";
export { raceAbortable, anyAbortable, type AbortableTask, type AbortableOptions } from "./race.js";
export type { Mapper, MapperContext } from "./task.js";
