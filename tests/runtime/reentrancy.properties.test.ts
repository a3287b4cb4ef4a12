// fast-check properties over hostile schedules (issue 13): mappers, inputs and consumers that throw,
// abort the caller's signal or call return() synchronously at any point; contexts copied with a
// spread or Object.assign; results that finish before the consumer wants them. Whatever happens,
// every next() is answered once, nothing rejects unhandled, nothing starts after a stop, every
// result the consumer did not receive has its signal aborted at the stop, no received result is
// aborted, the input is closed (never while its next() runs), and no timer or listener is left.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapLazy, mapLimit, type MapperContext } from "../../runtime/src/index.js";
import { countUnhandledRejections, countedSignal, nextMacrotask, trackTimers } from "./helpers.js";

type MapperAction = "async-ok" | "async-fail" | "sync-ok" | "sync-throw" | "finished-early" | "abort-caller" | "return-iterator";
type SourceAction = "yield" | "throw" | "abort-caller";
type ConsumerAction = "continue" | "break" | "throw" | "abort-caller" | "return";
type SourceKind = "array" | "sync" | "async" | "async-raw";
type ReadSignal = "direct" | "spread" | "assign" | "never";

const mapperActionArb = fc.constantFrom<MapperAction>(
  "async-ok", "async-ok", "async-ok", "finished-early", "sync-ok", "async-fail", "sync-throw", "abort-caller", "return-iterator",
);
const sourceActionArb = fc.constantFrom<SourceAction>("yield", "yield", "yield", "yield", "yield", "yield", "throw", "abort-caller");
const consumerActionArb = fc.constantFrom<ConsumerAction>("continue", "continue", "continue", "continue", "break", "throw", "abort-caller", "return");
const concurrencyArb = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(Number.POSITIVE_INFINITY));
const COUNT = 12;

class Expected extends Error {}

interface Source {
  input: Iterable<number> | AsyncIterable<number>;
  /** The input was exhausted, threw, or was closed (a generator ran its finally). */
  finished(): boolean;
  /** Items handed out by a next() that also aborted the caller's signal. */
  abortingItems: Set<number>;
  returnWhileNextPending(): boolean;
}

function makeSource(kind: SourceKind, actions: readonly SourceAction[], abortCaller: () => void, onThrow: (error: Expected) => void = () => {}): Source {
  const abortingItems = new Set<number>();
  let finished = false;
  let pending = false;
  let returnWhilePending = false;
  const step = (i: number): IteratorResult<number> => {
    if (i >= actions.length) {
      finished = true;
      return { value: undefined, done: true };
    }
    const action = actions[i];
    if (action === "throw") {
      finished = true;
      const error = new Expected(`source ${i}`);
      onThrow(error);
      throw error;
    }
    if (action === "abort-caller") {
      abortingItems.add(i);
      abortCaller();
    }
    return { value: i, done: false };
  };
  if (kind === "array") {
    // Arrays cannot throw or abort; their actions are ignored.
    return { input: Array.from(actions, (_, i) => i), finished: () => true, abortingItems, returnWhileNextPending: () => false };
  }
  if (kind === "sync" || kind === "async") {
    const generate = function* (): Generator<number> {
      try {
        for (let i = 0; ; i += 1) {
          const result = step(i);
          if (result.done === true) return;
          yield result.value;
        }
      } finally {
        finished = true;
      }
    };
    const generateAsync = async function* (): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i += 1) {
          await Promise.resolve();
          const result = step(i);
          if (result.done === true) return;
          yield result.value;
        }
      } finally {
        finished = true;
      }
    };
    return { input: kind === "sync" ? generate() : generateAsync(), finished: () => finished, abortingItems, returnWhileNextPending: () => false };
  }
  // An async iterator written by hand: next() may throw synchronously; return() must never be
  // called while a next() is pending.
  let index = 0;
  const iterator: AsyncIterator<number> = {
    next: () => {
      const result = step(index);
      index += 1;
      pending = true;
      return Promise.resolve().then(() => {
        pending = false;
        return result;
      });
    },
    return: () => {
      if (pending) returnWhilePending = true;
      finished = true;
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  return {
    input: { [Symbol.asyncIterator]: () => iterator },
    finished: () => finished,
    abortingItems,
    returnWhileNextPending: () => returnWhilePending,
  };
}

function readSignal(context: MapperContext, how: ReadSignal): AbortSignal | undefined {
  if (how === "never") return undefined;
  if (how === "spread") return ({ ...context } as { signal: AbortSignal }).signal;
  if (how === "assign") return (Object.assign({}, context) as { signal: AbortSignal }).signal;
  return context.signal;
}

interface Record {
  signal: AbortSignal | undefined;
  settled: "no" | "fulfilled" | "rejected";
}

describe("runtime properties: re-entrancy, copied contexts, finished results (fast-check)", () => {
  it("mapLazy", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(mapperActionArb, { minLength: COUNT, maxLength: COUNT }),
        fc.array(sourceActionArb, { minLength: 0, maxLength: COUNT }),
        fc.array(consumerActionArb, { minLength: COUNT, maxLength: COUNT }),
        fc.constantFrom<SourceKind>("array", "sync", "async", "async-raw"),
        fc.constantFrom<ReadSignal>("direct", "spread", "assign", "never"),
        concurrencyArb,
        fc.boolean(),
        fc.boolean(),
        async (scheduler, mapperActions, sourceActions, consumerActions, kind, how, concurrency, ordered, withTimeout) => {
          const timers = trackTimers();
          const caller = countedSignal();
          try {
            let stopped = false;
            const abortCaller = (): void => {
              stopped = true;
              caller.controller.abort(new Expected("caller aborted"));
            };
            const source = makeSource(kind, sourceActions, abortCaller);
            const records: Record[] = [];
            let started = 0;
            let nextCalls = 0;
            let boundViolations = 0;
            let startsAfterStop = 0;
            let mappedAbortingItems = 0;
            const received: number[] = [];
            let thrown: unknown;
            let settled = false;
            let unabortedAtStop = -1;
            const unhandled = await countUnhandledRejections(async () => {
              const iterator: AsyncIterableIterator<{ index: number }> = mapLazy(source.input, (item: number, index: number, context: MapperContext) => {
                if (stopped) startsAfterStop += 1;
                if (source.abortingItems.has(item)) mappedAbortingItems += 1;
                started += 1;
                if (started > nextCalls + concurrency) boundViolations += 1;
                const record: Record = { signal: readSignal(context, how), settled: "no" };
                records[index] = record;
                const action = mapperActions[index % COUNT];
                const ok = (): { index: number } => {
                  record.settled = "fulfilled";
                  return { index };
                };
                const fail = (): never => {
                  record.settled = "rejected";
                  throw new Expected(`mapper ${index}`);
                };
                switch (action) {
                  case "sync-ok":
                    return ok();
                  case "sync-throw":
                    return fail();
                  case "finished-early":
                    return Promise.resolve().then(ok);
                  case "abort-caller":
                    abortCaller();
                    break;
                  case "return-iterator":
                    stopped = true;
                    void iterator.return?.();
                    break;
                  default:
                    break;
                }
                return scheduler.schedule(Promise.resolve(), `task ${index}`).then(action === "async-fail" ? fail : ok);
              }, { concurrency, ordered, signal: caller.controller.signal, ...(withTimeout ? { timeout: 60_000 } : {}) });
              const counted: AsyncIterable<{ index: number }> = {
                [Symbol.asyncIterator]: () => ({
                  next: () => {
                    nextCalls += 1;
                    return iterator.next();
                  },
                  return: (value?: unknown) => iterator.return!(value),
                }),
              };
              const consumer = (async () => {
                try {
                  for await (const { index } of counted) {
                    received.push(index);
                    const action = consumerActions[(received.length - 1) % COUNT];
                    if (action === "break") break;
                    if (action === "throw") throw new Expected("consumer threw");
                    if (action === "abort-caller") abortCaller();
                    if (action === "return") {
                      stopped = true;
                      await iterator.return?.();
                    }
                  }
                } catch (error) {
                  thrown = error;
                }
                stopped = true;
                // Synchronously after the loop: no result the consumer did not receive runs on un-aborted.
                unabortedAtStop = records.filter((record, index) =>
                  record !== undefined && record.settled !== "rejected" && !received.includes(index) && record.signal !== undefined && !record.signal.aborted,
                ).length;
                settled = true;
              })();
              await scheduler.waitFor(consumer);
              await scheduler.waitIdle();
              await nextMacrotask();
              await scheduler.waitIdle();
            });
            expect(settled).toBe(true);
            expect(unhandled).toBe(0);
            if (thrown !== undefined) expect(thrown).toBeInstanceOf(Expected);
            expect(unabortedAtStop).toBe(0);
            expect(startsAfterStop).toBe(0);
            expect(boundViolations).toBe(0);
            expect(mappedAbortingItems).toBe(0);
            expect(new Set(received).size).toBe(received.length);
            if (ordered) expect(received).toEqual(received.map((_, i) => i));
            for (const index of received) {
              expect(records[index]?.settled).toBe("fulfilled");
              expect(records[index]?.signal?.aborted ?? false).toBe(false);
            }
            expect(source.returnWhileNextPending()).toBe(false);
            expect(source.finished()).toBe(true);
            expect(timers.live()).toBe(0);
            expect(caller.listeners()).toBe(0);
          } finally {
            timers.restore();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("mapLimit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(mapperActionArb.filter((action) => action !== "return-iterator"), { minLength: COUNT, maxLength: COUNT }),
        fc.array(sourceActionArb, { minLength: 0, maxLength: COUNT }),
        fc.constantFrom<SourceKind>("array", "sync", "async", "async-raw"),
        fc.constantFrom<ReadSignal>("direct", "spread", "assign", "never"),
        concurrencyArb,
        fc.boolean(),
        async (scheduler, mapperActions, sourceActions, kind, how, concurrency, withTimeout) => {
          const timers = trackTimers();
          const caller = countedSignal();
          try {
            const failures: unknown[] = [];
            const abortCaller = (): void => {
              const reason = new Expected("caller aborted");
              if (!caller.controller.signal.aborted) failures.push(reason);
              caller.controller.abort(reason);
            };
            const source = makeSource(kind, sourceActions, abortCaller, (error) => failures.push(error));
            const records: Record[] = [];
            let running = 0;
            let peak = 0;
            let startsAfterFailure = 0;
            let mappedAbortingItems = 0;
            let outcome: { ok: boolean; value: unknown } | undefined;
            let unabortedAtRejection = -1;
            const unhandled = await countUnhandledRejections(async () => {
              const pending = mapLimit(source.input, (item: number, index: number, context: MapperContext) => {
                if (failures.length > 0) startsAfterFailure += 1;
                if (source.abortingItems.has(item)) mappedAbortingItems += 1;
                const record: Record = { signal: readSignal(context, how), settled: "no" };
                records[index] = record;
                const action = mapperActions[index % COUNT];
                const ok = (): number => {
                  record.settled = "fulfilled";
                  return index;
                };
                const fail = (): never => {
                  record.settled = "rejected";
                  const error = new Expected(`mapper ${index}`);
                  failures.push(error);
                  throw error;
                };
                if (action === "sync-ok") return ok();
                if (action === "sync-throw") return fail();
                if (action === "finished-early") return Promise.resolve().then(ok);
                if (action === "abort-caller") abortCaller();
                running += 1;
                peak = Math.max(peak, running);
                return scheduler.schedule(Promise.resolve(), `task ${index}`).then(() => {
                  running -= 1;
                  return action === "async-fail" ? fail() : ok();
                });
              }, { concurrency, signal: caller.controller.signal, ...(withTimeout ? { timeout: 60_000 } : {}) });
              pending.then(
                (value) => {
                  outcome = { ok: true, value };
                },
                (error: unknown) => {
                  outcome = { ok: false, value: error };
                  unabortedAtRejection = records.filter((record) => record?.signal !== undefined && !record.signal.aborted).length;
                },
              );
              await scheduler.waitFor(pending.then(() => {}, () => {}));
              await scheduler.waitIdle();
              await nextMacrotask();
              await scheduler.waitIdle();
            });
            expect(outcome).toBeDefined();
            expect(unhandled).toBe(0);
            expect(peak).toBeLessThanOrEqual(concurrency);
            expect(mappedAbortingItems).toBe(0);
            if (outcome?.ok === false) {
              expect(outcome.value).toBe(failures[0]);
              // Every task's signal, finished ones included: their results are discarded.
              expect(unabortedAtRejection).toBe(0);
            } else {
              expect(failures).toEqual([]);
              expect(outcome?.value).toEqual(records.map((_, index) => index));
              for (const record of records) expect(record.signal?.aborted ?? false).toBe(false);
            }
            expect(startsAfterFailure).toBe(0);
            expect(source.returnWhileNextPending()).toBe(false);
            expect(source.finished()).toBe(true);
            expect(timers.live()).toBe(0);
            expect(caller.listeners()).toBe(0);
          } finally {
            timers.restore();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
