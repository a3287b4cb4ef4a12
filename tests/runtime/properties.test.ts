import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapLazy, mapLimit, type MapperContext } from "../../runtime/src/index.js";
import { countUnhandledRejections, countedSignal, nextMacrotask, trackTimers, trackedAsyncGenerator, trackedGenerator } from "./helpers.js";

type SourceKind = "array" | "sync" | "async";

function makeSource(kind: SourceKind, count: number): { input: Iterable<number> | AsyncIterable<number>; closed(): boolean } {
  if (kind === "array") return { input: Array.from({ length: count }, (_, i) => i), closed: () => true };
  const tracked = kind === "sync" ? trackedGenerator(count) : trackedAsyncGenerator(count);
  return { input: tracked.iterable, closed: tracked.closed };
}

interface TaskRecord {
  signal: AbortSignal | undefined;
  settled: boolean;
  runningWhenStopped: boolean;
}

const concurrencyArb = fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(Number.POSITIVE_INFINITY));
// About one task in eight fails.
const failuresArb = fc.array(fc.integer({ min: 0, max: 7 }).map((n) => n === 0), { minLength: 24, maxLength: 24 });

describe("runtime properties (fast-check, random schedules)", () => {
  it("mapLimit: bound, order, abort of in-flight work, structured completion, no leaks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 0, max: 24 }),
        concurrencyArb,
        failuresArb,
        fc.constantFrom<SourceKind>("array", "sync", "async"),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (scheduler, count, concurrency, failures, kind, settle, readsSignal, withTimeoutAndSignal) => {
          const timers = trackTimers();
          const caller = countedSignal();
          try {
            const source = makeSource(kind, count);
            const records: TaskRecord[] = [];
            let running = 0;
            let peak = 0;
            let firstFailure: Error | undefined;
            let startsAfterFailure = 0;
            let runningAtSettle = -1;
            const unhandled = await countUnhandledRejections(async () => {
              const pending = mapLimit(source.input, async (item: number, index: number, context: MapperContext) => {
                if (firstFailure !== undefined) startsAfterFailure += 1;
                const record: TaskRecord = { signal: readsSignal ? context.signal : undefined, settled: false, runningWhenStopped: false };
                records[index] = record;
                running += 1;
                peak = Math.max(peak, running);
                try {
                  await scheduler.schedule(Promise.resolve(), `task ${index}`);
                  if (failures[index] === true) {
                    const error = new Error(`task ${index} failed`);
                    if (firstFailure === undefined && !settle) {
                      firstFailure = error;
                      for (const other of records) if (other !== undefined && !other.settled && other !== record) other.runningWhenStopped = true;
                    }
                    throw error;
                  }
                  return item * 2;
                } finally {
                  running -= 1;
                  record.settled = true;
                }
              }, {
                concurrency,
                settle,
                ...(withTimeoutAndSignal ? { timeout: 60_000, signal: caller.controller.signal } : {}),
              });
              const outcome = pending.then(
                (value) => {
                  runningAtSettle = running;
                  return { ok: true as const, value };
                },
                (error: unknown) => {
                  runningAtSettle = running;
                  return { ok: false as const, error };
                },
              );
              const result = await scheduler.waitFor(outcome);
              await scheduler.waitIdle();
              await nextMacrotask();

              expect(peak).toBeLessThanOrEqual(concurrency);
              expect(runningAtSettle).toBe(0);
              expect(startsAfterFailure).toBe(0);
              if (firstFailure !== undefined) {
                expect(result).toEqual({ ok: false, error: firstFailure });
                if (readsSignal) {
                  for (const record of records) if (record?.runningWhenStopped) expect(record.signal?.aborted).toBe(true);
                }
              } else if (settle) {
                expect(result.ok).toBe(true);
                const values = (result as { value: PromiseSettledResult<number>[] }).value;
                expect(values.map((r) => r.status)).toEqual(failures.slice(0, count).map((f) => (f ? "rejected" : "fulfilled")));
              } else {
                expect(result).toEqual({ ok: true, value: Array.from({ length: count }, (_, i) => i * 2) });
              }
              expect(source.closed()).toBe(true);
            });
            expect(unhandled).toBe(0);
            expect(timers.live()).toBe(0);
            expect(caller.listeners()).toBe(0);
          } finally {
            timers.restore();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("mapLazy: started <= consumed + concurrency, order, abort at a stop, no leaks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 0, max: 24 }),
        concurrencyArb,
        failuresArb,
        fc.constantFrom<SourceKind>("array", "sync", "async"),
        fc.boolean(),
        fc.integer({ min: 1, max: 26 }),
        fc.boolean(),
        async (scheduler, count, concurrency, failures, kind, ordered, stopAfter, withTimeoutAndSignal) => {
          const timers = trackTimers();
          const caller = countedSignal();
          try {
            const source = makeSource(kind, count);
            const records: TaskRecord[] = [];
            let started = 0;
            let nextCalls = 0;
            let boundViolations = 0;
            let startsAfterStop = 0;
            let stopped = false;
            const received: number[] = [];
            let thrown: unknown;
            const unhandled = await countUnhandledRejections(async () => {
              const iterator = mapLazy(source.input, async (item: number, index: number, { signal }: MapperContext) => {
                if (stopped) startsAfterStop += 1;
                started += 1;
                if (started > nextCalls + concurrency) boundViolations += 1;
                const record: TaskRecord = { signal, settled: false, runningWhenStopped: false };
                records[index] = record;
                try {
                  await scheduler.schedule(Promise.resolve(), `task ${index}`);
                  if (failures[index] === true) throw new Error(`task ${index} failed`);
                  return item * 2;
                } finally {
                  record.settled = true;
                }
              }, { concurrency, ordered, ...(withTimeoutAndSignal ? { timeout: 60_000, signal: caller.controller.signal } : {}) });
              const counted: AsyncIterable<number> = {
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
                  for await (const value of counted) {
                    received.push(value);
                    if (started > received.length + concurrency) boundViolations += 1;
                    if (received.length >= stopAfter) break;
                  }
                } catch (error) {
                  thrown = error;
                }
                // Right after the loop, in the same tick as the stop: nothing still running may be un-aborted.
                stopped = true;
                for (const record of records) if (record !== undefined && !record.settled) record.runningWhenStopped = true;
                return records.filter((record) => record !== undefined && !record.settled && !record.signal?.aborted).length;
              })();
              const unabortedAtStop = await scheduler.waitFor(consumer);
              await scheduler.waitIdle();
              await nextMacrotask();

              expect(unabortedAtStop).toBe(0);
              expect(startsAfterStop).toBe(0);
              expect(boundViolations).toBe(0);
              const firstFailing = failures.slice(0, count).indexOf(true);
              if (ordered) {
                const reach = Math.min(count, stopAfter, firstFailing === -1 ? count : firstFailing);
                expect(received).toEqual(Array.from({ length: reach }, (_, i) => i * 2));
                const expectError = firstFailing !== -1 && firstFailing < stopAfter;
                expect(thrown instanceof Error ? thrown.message : thrown).toBe(expectError ? `task ${firstFailing} failed` : undefined);
              } else {
                expect(new Set(received).size).toBe(received.length);
                for (const value of received) expect(failures[value / 2]).toBe(false);
                expect(received.length).toBeLessThanOrEqual(Math.min(count, stopAfter));
                if (thrown !== undefined) expect((thrown as Error).message).toMatch(/^task \d+ failed$/);
              }
              expect(source.closed()).toBe(true);
            });
            expect(unhandled).toBe(0);
            expect(timers.live()).toBe(0);
            expect(caller.listeners()).toBe(0);
          } finally {
            timers.restore();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
