import { describe, expect, it } from "vitest";
import { mapLazy } from "../../runtime/src/index.js";
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

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

describe("mapLazy", () => {
  it("yields in input order by default and in completion order with ordered: false", async () => {
    const delays = [30, 5, 15, 1];
    const mapper = (ms: number): Promise<number> => new Promise((resolve) => setTimeout(resolve, ms, ms));
    await expect(collect(mapLazy(delays, mapper, { concurrency: 4 }))).resolves.toEqual([30, 5, 15, 1]);
    await expect(collect(mapLazy(delays, mapper, { concurrency: 4, ordered: false }))).resolves.toEqual([1, 5, 15, 30]);
  });

  it("works over sync and async generators and empty inputs", async () => {
    await expect(collect(mapLazy(trackedGenerator(5).iterable, (n) => n * 2, { concurrency: 2 }))).resolves.toEqual([0, 2, 4, 6, 8]);
    await expect(collect(mapLazy(trackedAsyncGenerator(5).iterable, async (n) => n * 2, { concurrency: 2, ordered: false }))).resolves.toHaveLength(5);
    await expect(collect(mapLazy([], (n: number) => n, { concurrency: 2 }))).resolves.toEqual([]);
    await expect(collect(mapLazy((async function* () {})(), (n: number) => n, { concurrency: 2 }))).resolves.toEqual([]);
    await expect(collect(mapLazy([1, 2, 3], async (n) => n, { concurrency: Number.POSITIVE_INFINITY }))).resolves.toEqual([1, 2, 3]);
  });

  it("starts nothing before the first next() and never more than `concurrency` ahead of the consumer", async () => {
    const source = trackedGenerator(50);
    let started = 0;
    const iterator = mapLazy(source.iterable, async (n) => {
      started += 1;
      return n;
    }, { concurrency: 3 });
    await flushMicrotasks();
    expect(started).toBe(0);
    let consumed = 0;
    for await (const _value of iterator) {
      consumed += 1;
      await flushMicrotasks(); // a slow consumer: the producer must wait for it
      expect(started).toBeLessThanOrEqual(consumed + 3);
    }
    expect(consumed).toBe(50);
  });

  it("on break: nothing new starts, every in-flight signal aborts in the same tick, the input is closed, nothing leaks", async () => {
    const source = trackedGenerator(100);
    const signals: AbortSignal[] = [];
    const gates: Deferred<number>[] = [];
    let started = 0;
    const unhandled = await countUnhandledRejections(async () => {
      const iterator = mapLazy(source.iterable, (n, _i, { signal }) => {
        started += 1;
        signals.push(signal);
        const gate = deferred<number>();
        gates.push(gate);
        if (n === 0) gate.resolve(0);
        return abortableRequest(signal, gate.promise);
      }, { concurrency: 5 });
      for await (const value of iterator) {
        expect(value).toBe(0);
        break;
      }
      // Synchronously after the loop: everything still running has been told to stop.
      expect(signals.slice(1).every((signal) => signal.aborted)).toBe(true);
      expect(source.closed()).toBe(true);
      const startedAtStop = started;
      gates.forEach((gate, i) => (i % 2 ? gate.resolve(i) : gate.reject(new Error(`late ${i}`))));
      await nextMacrotask();
      expect(started).toBe(startedAtStop);
      expect(startedAtStop).toBeLessThanOrEqual(1 + 5);
    });
    expect(unhandled).toBe(0);
  });

  it("aborts on return() called directly and on throw inside for await", async () => {
    const signals: AbortSignal[] = [];
    const iterator = mapLazy([1, 2, 3, 4], (n, _i, { signal }) => {
      signals.push(signal);
      return n === 1 ? n : abortableRequest(signal, new Promise<number>(() => {}));
    }, { concurrency: 4 });
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    await expect(iterator.return?.("bye")).resolves.toEqual({ value: "bye", done: true });
    expect(signals.slice(1).every((s) => s.aborted)).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });

    const thrown = new Error("consumer failed");
    const others: AbortSignal[] = [];
    await expect((async () => {
      for await (const _value of mapLazy([1, 2, 3], (n, _i, { signal }) => {
        others.push(signal);
        return n === 1 ? n : abortableRequest(signal, new Promise<number>(() => {}));
      }, { concurrency: 3 })) {
        throw thrown;
      }
    })()).rejects.toBe(thrown);
    expect(others.slice(1).every((s) => s.aborted)).toBe(true);
  });

  it("throws a mapper rejection at its place in the order and aborts the tasks after it", async () => {
    const failure = new Error("item 2 failed");
    const signals: AbortSignal[] = [];
    const gates = Array.from({ length: 6 }, () => deferred<number>());
    const iterator = mapLazy([0, 1, 2, 3, 4, 5], (n, _i, { signal }) => {
      signals[n] = signal;
      return abortableRequest(signal, gates[n]!.promise);
    }, { concurrency: 4 });
    const received: number[] = [];
    const consumer = (async () => {
      for await (const value of iterator) received.push(value);
    })();
    await flushMicrotasks();
    gates[2]!.reject(failure);
    await flushMicrotasks();
    // Index 3 can never be yielded: it is aborted now; 0 and 1 keep running.
    expect(signals[3]!.aborted).toBe(true);
    expect(signals[0]!.aborted || signals[1]!.aborted).toBe(false);
    expect(signals[4]).toBeUndefined();
    gates[1]!.resolve(1);
    gates[0]!.resolve(0);
    await expect(consumer).rejects.toBe(failure);
    expect(received).toEqual([0, 1]);
  });

  it("in completion order, yields the results finished before a failure, then throws it", async () => {
    const failure = new Error("late failure");
    const gates = Array.from({ length: 3 }, () => deferred<number>());
    const iterator = mapLazy([0, 1, 2], (n, _i, { signal }) => abortableRequest(signal, gates[n]!.promise), { concurrency: 3, ordered: false });
    const first = iterator.next();
    await flushMicrotasks();
    gates[2]!.resolve(2);
    gates[0]!.reject(failure);
    expect(await first).toEqual({ value: 2, done: false });
    await expect(iterator.next()).rejects.toBe(failure);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it("rejects the pending next() with the caller's abort reason", async () => {
    const caller = countedSignal();
    const reason = new Error("cancelled");
    const signals: AbortSignal[] = [];
    const iterator = mapLazy([1, 2, 3], (_n, _i, { signal }) => {
      signals.push(signal);
      return abortableRequest(signal, new Promise<number>(() => {}));
    }, { concurrency: 2, signal: caller.controller.signal });
    const pending = iterator.next();
    await flushMicrotasks();
    expect(caller.listeners()).toBe(1);
    caller.controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(signals.every((s) => s.reason === reason)).toBe(true);
    expect(caller.listeners()).toBe(0);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    await expect(mapLazy([1], (n) => n, { concurrency: 1, signal: AbortSignal.abort("early") }).next()).rejects.toBe("early");
  });

  it("closes an async source and drops a pull that was in flight at the stop", async () => {
    const source = trackedAsyncGenerator(10);
    const iterator = mapLazy(source.iterable, async (n) => n, { concurrency: 2 });
    expect((await iterator.next()).value).toBe(0);
    await iterator.return?.();
    await nextMacrotask();
    expect(source.closed()).toBe(true);
  });

  it("leaves no per-task timeout timer behind", async () => {
    const timers = trackTimers();
    try {
      const values: string[] = [];
      for await (const value of mapLazy([1, 100], (ms, _i, { signal }) => new Promise<string>((resolve) => {
        const done = setTimeout(() => resolve("ok"), ms);
        signal.addEventListener("abort", () => {
          clearTimeout(done);
          resolve((signal.reason as Error).name);
        });
      }), { concurrency: 2, timeout: 30 })) values.push(value);
      expect(values).toEqual(["ok", "TimeoutError"]);
      for await (const _value of mapLazy([1, 2, 3], (n, _i, { signal }) => (n === 1 ? n : abortableRequest(signal, new Promise(() => {}))), { concurrency: 3, timeout: 60_000 })) break;
      expect(timers.live()).toBe(0);
    } finally {
      timers.restore();
    }
  });

  it("emits no MaxListenersExceededWarning at concurrency 64 with a listener per task", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on("warning", onWarning);
    try {
      let count = 0;
      for await (const _value of mapLazy(Array.from({ length: 300 }, (_, i) => i), (n, _i, { signal }) => {
        signal.addEventListener("abort", () => {});
        return new Promise((resolve) => setTimeout(resolve, 1, n));
      }, { concurrency: 64, ordered: false })) {
        if (++count === 100) break;
      }
      await nextMacrotask();
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  it("answers concurrent next() calls in call order", async () => {
    const iterator = mapLazy([3, 1, 2], (ms) => new Promise<number>((resolve) => setTimeout(resolve, ms, ms)), { concurrency: 3 });
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results).toEqual([
      { value: 3, done: false },
      { value: 1, done: false },
      { value: 2, done: false },
      { value: undefined, done: true },
    ]);
  });

  it("yields the results before a failing input iterator, then throws its error", async () => {
    const failure = new Error("source broke");
    function* source(): Generator<number> {
      yield 1;
      yield 2;
      throw failure;
    }
    const received: number[] = [];
    await expect((async () => {
      for await (const value of mapLazy(source(), async (n) => n * 10, { concurrency: 4 })) received.push(value);
    })()).rejects.toBe(failure);
    expect(received).toEqual([10, 20]);
  });

  it("throws a TypeError naming the bad argument", () => {
    const ok = (n: number): number => n;
    expect(() => mapLazy([1], ok, { concurrency: -1 })).toThrow(/`concurrency`/);
    expect(() => mapLazy([1], null as unknown as typeof ok, { concurrency: 1 })).toThrow(/`mapper`/);
    expect(() => mapLazy({} as unknown as number[], ok, { concurrency: 1 })).toThrow(/`input`/);
    expect(() => mapLazy([1], ok, { concurrency: 1, timeout: Number.NaN })).toThrow(/`timeout`/);
  });
});
