import { describe, expect, it } from "vitest";
import { mapLimit, type MapperContext } from "../../runtime/src/index.js";
import {
  abortableRequest,
  countUnhandledRejections,
  countedSignal,
  deferred,
  flushMicrotasks,
  nextMacrotask,
  trackTimers,
  trackedAsyncGenerator,
  trackedGenerator,
  type Deferred,
} from "./helpers.js";

describe("mapLimit", () => {
  it("resolves to results in input order whatever the completion order", async () => {
    const gates = Array.from({ length: 6 }, () => deferred());
    const pending = mapLimit([0, 1, 2, 3, 4, 5], async (n) => {
      await gates[n]!.promise;
      return n * 10;
    }, { concurrency: 3 });
    for (const n of [2, 0, 1, 5, 4, 3]) {
      gates[n]!.resolve();
      await flushMicrotasks();
    }
    await expect(pending).resolves.toEqual([0, 10, 20, 30, 40, 50]);
  });

  it("passes (item, index, { signal }) and never runs more than `concurrency` at once", async () => {
    let running = 0;
    let peak = 0;
    const seen: [string, number, boolean][] = [];
    const results = await mapLimit(["a", "b", "c", "d", "e"], async (item, index, context) => {
      seen.push([item, index, context.signal instanceof AbortSignal]);
      running += 1;
      peak = Math.max(peak, running);
      await nextMacrotask();
      running -= 1;
      return item.toUpperCase();
    }, { concurrency: 2 });
    expect(results).toEqual(["A", "B", "C", "D", "E"]);
    expect(peak).toBe(2);
    expect(seen).toEqual([["a", 0, true], ["b", 1, true], ["c", 2, true], ["d", 3, true], ["e", 4, true]]);
  });

  it("accepts sets, generators, async generators, strings and empty inputs", async () => {
    const double = (n: number): number => n * 2;
    await expect(mapLimit(new Set([1, 2, 3]), double, { concurrency: 2 })).resolves.toEqual([2, 4, 6]);
    await expect(mapLimit(trackedGenerator(4).iterable, double, { concurrency: 2 })).resolves.toEqual([0, 2, 4, 6]);
    await expect(mapLimit(trackedAsyncGenerator(4).iterable, double, { concurrency: 3 })).resolves.toEqual([0, 2, 4, 6]);
    await expect(mapLimit("ab", (c) => c + c, { concurrency: 1 })).resolves.toEqual(["aa", "bb"]);
    await expect(mapLimit([], double, { concurrency: 4 })).resolves.toEqual([]);
    await expect(mapLimit((async function* () {})(), double, { concurrency: 4 })).resolves.toEqual([]);
    await expect(mapLimit([1, 2, 3], async (n) => n, { concurrency: Number.POSITIVE_INFINITY })).resolves.toEqual([1, 2, 3]);
    await expect(mapLimit(trackedAsyncGenerator(5).iterable, double, { concurrency: Number.POSITIVE_INFINITY })).resolves.toEqual([0, 2, 4, 6, 8]);
  });

  it("pulls the input lazily: never more than `concurrency` items ahead of completion", async () => {
    const source = trackedGenerator(100);
    const gates: Deferred<void>[] = [];
    const pending = mapLimit(source.iterable, async () => {
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
    }, { concurrency: 3 });
    await flushMicrotasks();
    expect(source.pulled()).toBe(3);
    gates[0]!.resolve();
    await flushMicrotasks();
    expect(source.pulled()).toBe(4);
    for (let i = 1; i < 100; i += 1) {
      gates[i]!.resolve();
      await flushMicrotasks();
    }
    await pending;
    expect(source.pulled()).toBe(100);
  });

  it("on the first rejection: starts nothing more, aborts in-flight signals, closes the input, rejects with that error after in-flight settle", async () => {
    const source = trackedGenerator(50);
    const failure = new Error("boom");
    const signals: AbortSignal[] = [];
    const started: number[] = [];
    const gates: Deferred<string>[] = [];
    let settledAfterAbort = 0;
    const unhandled = await countUnhandledRejections(async () => {
      const pending = mapLimit(source.iterable, (n, _i, { signal }) => {
        started.push(n);
        signals.push(signal);
        const gate = deferred<string>();
        gates.push(gate);
        return abortableRequest(signal, gate.promise).finally(() => {
          if (signal.aborted) settledAfterAbort += 1;
        });
      }, { concurrency: 4 });
      let outcome: unknown = "pending";
      pending.then(() => (outcome = "resolved"), (error: unknown) => (outcome = error));
      await flushMicrotasks();
      gates[2]!.reject(failure);
      await flushMicrotasks();
      expect(started).toEqual([0, 1, 2, 3]);
      // Every signal aborts, the failed task's too: a failure discards every result.
      expect(signals.map((s) => s.aborted)).toEqual([true, true, true, true]);
      expect(source.closed()).toBe(true);
      await nextMacrotask();
      expect(outcome).toBe(failure);
      expect(settledAfterAbort).toBe(3);
    });
    expect(unhandled).toBe(0);
  });

  it("waits for in-flight tasks to settle before rejecting (structured completion)", async () => {
    const slow = deferred<string>();
    let outcome: unknown = "pending";
    const pending = mapLimit([0, 1], async (n) => {
      if (n === 0) throw new Error("first");
      return slow.promise; // ignores its signal on purpose
    }, { concurrency: 2 });
    pending.then(undefined, (error: unknown) => (outcome = error));
    await nextMacrotask();
    expect(outcome).toBe("pending");
    slow.resolve("late");
    await flushMicrotasks();
    expect(outcome).toBeInstanceOf(Error);
  });

  it("treats a synchronous throw from the mapper as a rejection", async () => {
    const error = new TypeError("sync");
    await expect(mapLimit([1, 2, 3], () => {
      throw error;
    }, { concurrency: 2 })).rejects.toBe(error);
  });

  it("rejects with an error thrown by the input iterator, after aborting in-flight tasks", async () => {
    const failure = new Error("source broke");
    const signals: AbortSignal[] = [];
    function* source(): Generator<number> {
      yield 1;
      yield 2;
      throw failure;
    }
    const gates: Deferred<void>[] = [];
    const pending = mapLimit(source(), (_n, _i, { signal }) => {
      signals.push(signal);
      const gate = deferred();
      gates.push(gate);
      return abortableRequest(signal, gate.promise);
    }, { concurrency: 2 });
    await flushMicrotasks();
    gates[0]!.resolve();
    await expect(pending).rejects.toBe(failure);
    expect(signals[1]!.aborted).toBe(true);
  });

  it("with settle: true resolves to PromiseSettledResult[] and keeps going after rejections", async () => {
    const error = new Error("odd");
    const results = await mapLimit([1, 2, 3, 4], async (n) => {
      if (n % 2 === 1) throw error;
      return n;
    }, { concurrency: 2, settle: true });
    expect(results).toEqual([
      { status: "rejected", reason: error },
      { status: "fulfilled", value: 2 },
      { status: "rejected", reason: error },
      { status: "fulfilled", value: 4 },
    ]);
  });

  it("rejects with the caller's abort reason and aborts every running task with it", async () => {
    const caller = countedSignal();
    const reason = new Error("user cancelled");
    const signals: AbortSignal[] = [];
    let started = 0;
    const pending = mapLimit(Array.from({ length: 20 }, (_, i) => i), (_n, _i, { signal }) => {
      started += 1;
      signals.push(signal);
      return abortableRequest(signal, new Promise<never>(() => {}));
    }, { concurrency: 5, signal: caller.controller.signal });
    await flushMicrotasks();
    expect(caller.listeners()).toBe(1);
    caller.controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(started).toBe(5);
    expect(signals.every((s) => s.aborted && s.reason === reason)).toBe(true);
    expect(caller.listeners()).toBe(0);
  });

  it("settles on the caller's abort while an async input's next() is still pending", async () => {
    const controller = new AbortController();
    const never: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<number>>(() => {}) }),
    };
    const pending = mapLimit(never, (n) => n, { concurrency: 2, signal: controller.signal });
    await flushMicrotasks();
    controller.abort("stop");
    await expect(pending).rejects.toBe("stop");
  });

  it("does not call the mapper when the caller's signal is already aborted", async () => {
    let calls = 0;
    const source = trackedGenerator(3);
    await expect(mapLimit(source.iterable, () => (calls += 1), {
      concurrency: 2,
      signal: AbortSignal.abort("already"),
    })).rejects.toBe("already");
    expect(calls).toBe(0);
  });

  it("removes its listener from the caller's signal when done", async () => {
    const caller = countedSignal();
    await mapLimit([1, 2, 3], async (n) => n, { concurrency: 2, signal: caller.controller.signal });
    expect(caller.listeners()).toBe(0);
  });

  it("creates no AbortController for mappers that never read the signal", async () => {
    const Original = globalThis.AbortController;
    let created = 0;
    globalThis.AbortController = class extends Original {
      constructor() {
        super();
        created += 1;
      }
    };
    try {
      await mapLimit([1, 2, 3, 4], async (n) => n, { concurrency: 2 });
      expect(created).toBe(0);
      // Tasks are aborted all together or not at all, so four consecutive tasks share a controller.
      const signals: AbortSignal[] = [];
      await mapLimit([1, 2, 3, 4, 5], async (n, _i, { signal }) => {
        signals.push(signal);
        return signal.aborted ? 0 : n;
      }, { concurrency: 2 });
      expect(created).toBe(2);
      expect(new Set(signals).size).toBe(2);
      // With a per-task timeout each task gets its own controller (a timeout aborts only its task).
      created = 0;
      await mapLimit([1, 2, 3], async (n, _i, { signal }) => (signal.aborted ? 0 : n), { concurrency: 2, timeout: 1000 });
      expect(created).toBe(3);
    } finally {
      globalThis.AbortController = Original;
    }
  });

  it("hands an already aborted signal to a task that reads it after the stop", async () => {
    const gate = deferred();
    let lateSignal: AbortSignal | undefined;
    const pending = mapLimit([0, 1], async (n, _i, context: MapperContext) => {
      if (n === 0) throw new Error("fail");
      await gate.promise;
      lateSignal = context.signal;
    }, { concurrency: 2 });
    await flushMicrotasks();
    gate.resolve();
    await expect(pending).rejects.toThrow("fail");
    expect(lateSignal?.aborted).toBe(true);
  });

  it("aborts a task's own signal with a TimeoutError after `timeout` ms and leaves no timer behind", async () => {
    const timers = trackTimers();
    try {
      const reasons: unknown[] = [];
      const results = await mapLimit([5, 200], (ms, _i, { signal }) => new Promise<string>((resolve) => {
        const done = setTimeout(() => resolve("finished"), ms);
        signal.addEventListener("abort", () => {
          clearTimeout(done);
          reasons.push(signal.reason);
          resolve("timed out");
        });
      }), { concurrency: 2, timeout: 50 });
      expect(results).toEqual(["finished", "timed out"]);
      expect((reasons[0] as Error).name).toBe("TimeoutError");
      expect(timers.live()).toBe(0);
    } finally {
      timers.restore();
    }
  });

  it("clears per-task timeout timers when it stops early", async () => {
    const timers = trackTimers();
    try {
      await expect(mapLimit([0, 1, 2], (n, _i, { signal }) =>
        n === 0 ? Promise.reject(new Error("x")) : abortableRequest(signal, new Promise<never>(() => {})),
      { concurrency: 3, timeout: 60_000 })).rejects.toThrow("x");
      expect(timers.live()).toBe(0);
    } finally {
      timers.restore();
    }
  });

  it("emits no MaxListenersExceededWarning at concurrency 64 when every task listens to its signal", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on("warning", onWarning);
    try {
      await mapLimit(Array.from({ length: 500 }, (_, i) => i), (n, _i, { signal }) => {
        signal.addEventListener("abort", () => {}); // never removed, like some SDKs
        return new Promise((resolve) => setTimeout(resolve, 1, n));
      }, { concurrency: 64 });
      await expect(mapLimit(Array.from({ length: 500 }, (_, i) => i), (n, _i, { signal }) => {
        signal.addEventListener("abort", () => {});
        return n === 100 ? Promise.reject(new Error("stop")) : new Promise((resolve) => setTimeout(resolve, 1, n));
      }, { concurrency: 64 })).rejects.toThrow("stop");
      await nextMacrotask();
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  it("throws a TypeError naming the bad argument", () => {
    const ok = async (n: number): Promise<number> => n;
    expect(() => mapLimit([1], ok, { concurrency: 0 })).toThrow(/`concurrency`/);
    expect(() => mapLimit([1], ok, { concurrency: 1.5 })).toThrow(TypeError);
    expect(() => mapLimit([1], ok, { concurrency: Number.NaN })).toThrow(/`concurrency`/);
    expect(() => mapLimit([1], ok, { concurrency: "2" as unknown as number })).toThrow(/`concurrency`/);
    expect(() => mapLimit([1], ok, undefined as unknown as { concurrency: number })).toThrow(/`options`/);
    expect(() => mapLimit([1], "nope" as unknown as typeof ok, { concurrency: 1 })).toThrow(/`mapper`/);
    expect(() => mapLimit(42 as unknown as number[], ok, { concurrency: 1 })).toThrow(/`input`/);
    expect(() => mapLimit(null as unknown as number[], ok, { concurrency: 1 })).toThrow(/`input`/);
    expect(() => mapLimit([1], ok, { concurrency: 1, timeout: -1 })).toThrow(/`timeout`/);
    expect(() => mapLimit([1], ok, { concurrency: 1, signal: {} as AbortSignal })).toThrow(/`signal`/);
  });

  it("infers result types, with the settled overload", async () => {
    const numbers: number[] = await mapLimit(["a"], async (s) => s.length, { concurrency: 1 });
    const settled: PromiseSettledResult<number>[] = await mapLimit(["a"], async (s) => s.length, { concurrency: 1, settle: true });
    expect(numbers).toEqual([1]);
    expect(settled).toEqual([{ status: "fulfilled", value: 1 }]);
  });
});
