// The faults an adversarial audit found in the runtime (issue 13), one test each. Every test here
// failed before the fix it names.
import { AsyncLocalStorage } from "node:async_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { anyAbortable, createLimit, mapLazy, mapLimit, raceAbortable, type MapperContext } from "../../runtime/src/index.js";
import { abortableRequest, countUnhandledRejections, deferred, flushMicrotasks, nextMacrotask } from "./helpers.js";

const delay = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(resolve, ms, value));

/** A stand-in for a streaming response: it resolves at once and keeps "generating" until its signal aborts. */
interface Stream {
  readonly signal: AbortSignal;
}

describe("fault 1: a synchronous end of the iteration while the consumer waits in for await", () => {
  it("a mapper that aborts the caller's signal: no lost value, no TypeError, no unhandled rejection", async () => {
    const received: number[] = [];
    let thrown: unknown;
    const budget = new AbortController();
    const unhandled = await countUnhandledRejections(async () => {
      let spent = 0;
      try {
        for await (const v of mapLazy([1, 2, 3, 4, 5], (x) => {
          if (++spent > 2) budget.abort();
          return delay(5, x);
        }, { concurrency: 2, signal: budget.signal })) {
          received.push(v);
        }
      } catch (error) {
        thrown = error;
      }
    });
    expect(unhandled).toBe(0);
    expect(thrown).toBe(budget.signal.reason);
    // The abort happened when the third item started, i.e. right after the first was consumed.
    expect(received).toEqual([1]);
  });

  it("an async source whose next() throws synchronously", async () => {
    const failure = new Error("source broke");
    let pulls = 0;
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          pulls += 1;
          if (pulls === 3) throw failure;
          return Promise.resolve({ value: pulls, done: false });
        },
      }),
    };
    for (const ordered of [true, false]) {
      pulls = 0;
      const received: number[] = [];
      let thrown: unknown;
      const unhandled = await countUnhandledRejections(async () => {
        try {
          for await (const v of mapLazy(source, (x) => delay(2, x), { concurrency: 2, ordered })) received.push(v);
        } catch (error) {
          thrown = error;
        }
      });
      expect(unhandled).toBe(0);
      expect(thrown).toBe(failure);
      // Ordered: the failure comes at its place, after items 1 and 2. Unordered: when it happens,
      // i.e. when the consumer's first value freed the slot for a third pull; item 2 is aborted.
      expect(received).toEqual(ordered ? [1, 2] : [1]);
    }
  });

  it("a mapper that calls the iterator's return(): the waiting next() gets done, nothing is thrown", async () => {
    const unhandled = await countUnhandledRejections(async () => {
      const received: number[] = [];
      const iterator: AsyncIterableIterator<number> = mapLazy([1, 2, 3, 4, 5], (x) => {
        if (x === 3) void iterator.return?.();
        return delay(2, x);
      }, { concurrency: 2 });
      for await (const v of iterator) received.push(v);
      expect(received).toEqual([1]);
    });
    expect(unhandled).toBe(0);
  });
});

describe("fault 2: a copied mapper context keeps a live signal and exposes nothing internal", () => {
  it("mapLazy: { ...ctx } and Object.assign({}, ctx) carry the signal, which aborts at a break", async () => {
    const copies: { signal?: AbortSignal }[] = [];
    const never = new Promise<never>(() => {});
    const iterator = mapLazy([0, 1, 2, 3], (i, _index, ctx) => {
      if (i === 0) return "first";
      const copy = i % 2 === 0 ? { ...ctx } : Object.assign({}, ctx);
      copies.push(copy);
      return abortableRequest(copy.signal as AbortSignal, never);
    }, { concurrency: 4 });
    for await (const _value of iterator) break;
    expect(copies).toHaveLength(3);
    for (const copy of copies) {
      expect(copy.signal).toBeInstanceOf(AbortSignal);
      expect(copy.signal?.aborted).toBe(true);
    }
  });

  it("mapLimit: a spread context aborts on a failure", async () => {
    const copies: { signal?: AbortSignal }[] = [];
    const failure = new Error("no");
    await expect(mapLimit([0, 1, 2], (i, _index, ctx) => {
      copies.push({ ...ctx });
      if (i === 2) return Promise.reject(failure);
      return abortableRequest((copies.at(-1) as { signal: AbortSignal }).signal, new Promise<never>(() => {}));
    }, { concurrency: 3 })).rejects.toBe(failure);
    expect(copies.map((copy) => copy.signal?.aborted)).toEqual([true, true, true]);
  });

  it("the context has only `signal`: no internal methods, own or inherited", async () => {
    let seen: MapperContext | undefined;
    await mapLimit([1], (_item, _index, ctx) => {
      seen = ctx;
    }, { concurrency: 1 });
    const context = seen as MapperContext & Record<string, unknown>;
    expect(Object.keys(context)).toEqual(["signal"]);
    expect("finish" in context).toBe(false);
    expect("abortIfUnwanted" in context).toBe(false);
    expect(Object.getOwnPropertySymbols(context)).toEqual([]);
    const prototype = Object.getPrototypeOf(context) as object;
    expect(Object.getOwnPropertyNames(prototype)).toEqual(["constructor"]);
    expect(Object.getOwnPropertySymbols(prototype)).toEqual([]);
    expect(Object.getPrototypeOf(prototype)).toBe(Object.prototype);
  });
});

describe("fault 3: finished results the consumer never received are aborted at a stop", () => {
  it("mapLazy: after a break, the buffered results' signals abort; the received one's does not", async () => {
    for (const ordered of [true, false]) {
      const streams: Stream[] = [];
      const iterator = mapLazy([0, 1, 2, 3], (_i, _index, { signal }) => {
        const stream = { signal };
        streams.push(stream);
        return stream;
      }, { concurrency: 4, ordered });
      let first: Stream | undefined;
      for await (const stream of iterator) {
        await flushMicrotasks(); // every stream has "arrived" by now
        first = stream;
        break;
      }
      expect(streams).toHaveLength(4);
      expect(first?.signal.aborted).toBe(false);
      expect(streams.filter((stream) => stream.signal.aborted)).toHaveLength(3);
    }
  });

  it("mapLazy: an ordered failure aborts the finished results after it, not those before it", async () => {
    const streams: Stream[] = [];
    const gate = deferred();
    const failure = new Error("item 1 failed");
    const iterator = mapLazy([0, 1, 2, 3], async (i, _index, { signal }) => {
      const stream = { signal };
      streams[i] = stream;
      if (i === 0) await gate.promise;
      if (i === 1) throw failure;
      return stream;
    }, { concurrency: 4 });
    const first = iterator.next();
    await flushMicrotasks();
    // Items 2 and 3 finished, item 1 failed: nothing after item 1 can be delivered.
    expect(streams[2]?.signal.aborted).toBe(true);
    expect(streams[3]?.signal.aborted).toBe(true);
    expect(streams[0]?.signal.aborted).toBe(false);
    gate.resolve();
    expect((await first).value).toBe(streams[0]);
    await expect(iterator.next()).rejects.toBe(failure);
    expect(streams[0]?.signal.aborted).toBe(false);
  });

  it("mapLimit: on a failure, the results that finished (and are discarded) are aborted", async () => {
    const streams: Stream[] = [];
    const failure = new Error("late failure");
    await expect(mapLimit([0, 1, 2], async (i, _index, { signal }) => {
      streams.push({ signal });
      if (i === 2) {
        await delay(5, undefined);
        throw failure;
      }
      return { signal };
    }, { concurrency: 3 })).rejects.toBe(failure);
    expect(streams.map((stream) => stream.signal.aborted)).toEqual([true, true, true]);
  });

  it("mapLimit: a successful run aborts nothing", async () => {
    const results = await mapLimit([0, 1, 2], (_i, _index, { signal }) => ({ signal }), { concurrency: 2 });
    expect(results.map((stream) => stream.signal.aborted)).toEqual([false, false, false]);
  });
});

describe("fault 4: createLimit runs each call in its caller's async context", () => {
  it("a queued call sees its own AsyncLocalStorage store, as with p-limit", async () => {
    const storage = new AsyncLocalStorage<string>();
    const limit = createLimit(1);
    const a = storage.run("A", () => limit(() => delay(5, storage.getStore())));
    const b = storage.run("B", () => limit(() => storage.getStore()));
    await expect(Promise.all([a, b])).resolves.toEqual(["A", "B"]);
  });
});

/** Heap size after a full collection (gc exposed at run time). */
function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe("fault 5: memory stays O(concurrency)", () => {
  const ITEMS = 300_000;
  function* numbers(): Generator<number> {
    for (let i = 0; i < ITEMS; i += 1) yield i;
  }

  it("mapLazy({ ordered: false }): the completion queue does not grow with the number of items", async () => {
    let early = 0;
    let late = 0;
    let count = 0;
    for await (const _value of mapLazy(numbers(), async (n) => n, { concurrency: 8, ordered: false })) {
      count += 1;
      if (count === 50_000) early = heapAfterGc();
      if (count === 250_000) late = heapAfterGc();
    }
    expect(count).toBe(ITEMS);
    // 200,000 more items went through: an O(items) queue holds ≥ 1.6 MB more by then.
    expect(late - early).toBeLessThan(800_000);
  });

  it("a read-ahead consumer (several next() calls pending) does not grow the request queue", async () => {
    const iterator = mapLazy(numbers(), async (n) => n, { concurrency: 8 });
    const window: Promise<IteratorResult<number>>[] = [];
    for (let i = 0; i < 16; i += 1) window.push(iterator.next());
    let early = 0;
    let late = 0;
    let count = 0;
    for (;;) {
      const step = await (window.shift() as Promise<IteratorResult<number>>);
      window.push(iterator.next());
      if (step.done === true) break;
      count += 1;
      if (count === 50_000) early = heapAfterGc();
      if (count === 250_000) late = heapAfterGc();
    }
    await Promise.all(window);
    expect(count).toBe(ITEMS);
    expect(late - early).toBeLessThan(800_000);
  });
});

describe("fault 6: smaller faults", () => {
  it("a generator that aborts the caller's signal is closed and the item it yields is not mapped", async () => {
    for (const run of ["mapLazy", "mapLimit"] as const) {
      const controller = new AbortController();
      let closed = false;
      function* source(): Generator<number> {
        try {
          yield 1;
          controller.abort(new Error("budget"));
          yield 2;
          yield 3;
        } finally {
          closed = true;
        }
      }
      const mapped: number[] = [];
      const mapper = (n: number): Promise<number> => {
        mapped.push(n);
        return delay(2, n);
      };
      const options = { concurrency: 1, signal: controller.signal };
      if (run === "mapLazy") {
        await expect((async () => {
          for await (const _value of mapLazy(source(), mapper, options));
        })()).rejects.toThrow("budget");
      } else {
        await expect(mapLimit(source(), mapper, options)).rejects.toThrow("budget");
      }
      expect([run, mapped]).toEqual([run, [1]]);
      expect([run, closed]).toEqual([run, true]);
    }
  });

  it("mapLimit calls no mapper after an async source's next() threw synchronously", async () => {
    const failure = new Error("source broke");
    let pulls = 0;
    let mappedAfterFailure = 0;
    let failed = false;
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          pulls += 1;
          if (pulls === 2) {
            failed = true;
            throw failure;
          }
          return Promise.resolve({ value: pulls, done: false });
        },
      }),
    };
    await expect(mapLimit(source, (n) => {
      if (failed) mappedAfterFailure += 1;
      return delay(1, n);
    }, { concurrency: 3 })).rejects.toBe(failure);
    await nextMacrotask();
    expect(mappedAfterFailure).toBe(0);
  });

  it("mapLazy() does not lock a ReadableStream before the first next()", async () => {
    const stream = new ReadableStream<number>({
      start(controller) {
        controller.enqueue(1);
        controller.enqueue(2);
        controller.close();
      },
    });
    const iterator = mapLazy(stream as unknown as AsyncIterable<number>, (n) => n * 10, { concurrency: 2 });
    expect(stream.locked).toBe(false);
    const values: number[] = [];
    for await (const value of iterator) values.push(value);
    expect(values).toEqual([10, 20]);
  });

  it("signal: null throws a TypeError naming `signal`", () => {
    expect(() => mapLazy([1], (n) => n, { concurrency: 1, signal: null as unknown as AbortSignal })).toThrow(TypeError);
    expect(() => mapLazy([1], (n) => n, { concurrency: 1, signal: null as unknown as AbortSignal })).toThrow(/`signal`/);
    expect(() => mapLimit([1], (n) => n, { concurrency: 1, signal: null as unknown as AbortSignal })).toThrow(/`signal`/);
    expect(() => raceAbortable([() => 1], { signal: null as unknown as AbortSignal })).toThrow(/`signal`/);
  });

  it("createLimit has p-limit's concurrency setter and map(), and runs fn asynchronously", async () => {
    const limit = createLimit(1);
    let called = false;
    const first = limit(() => {
      called = true;
      return 1;
    });
    expect(called).toBe(false);
    expect(limit.activeCount).toBe(1);
    await expect(first).resolves.toBe(1);

    const gates = [deferred<number>(), deferred<number>(), deferred<number>()];
    let running = 0;
    const all = limit.map([0, 1, 2], (i: number, index: number) => {
      expect(index).toBe(i);
      running += 1;
      return (gates[i] as { promise: Promise<number> }).promise.then((value) => {
        running -= 1;
        return value;
      });
    });
    await flushMicrotasks();
    expect(running).toBe(1);
    limit.concurrency = 3;
    expect(limit.concurrency).toBe(3);
    await flushMicrotasks();
    expect(running).toBe(3);
    gates.forEach((gate, i) => gate.resolve(i * 2));
    await expect(all).resolves.toEqual([0, 2, 4]);
    expect(() => {
      limit.concurrency = 0;
    }).toThrow(/`concurrency`/);
  });

  it("raceAbortable and anyAbortable start no task after one returned a value synchronously", async () => {
    for (const settleFirst of [raceAbortable, anyAbortable]) {
      let laterStarted = false;
      await expect(settleFirst([() => "sync", () => {
        laterStarted = true;
        return "late";
      }])).resolves.toBe("sync");
      expect(laterStarted).toBe(false);
    }
  });

  it("on a stop, the source's return() waits for its pending next() (mapLazy and mapLimit)", async () => {
    for (const run of ["mapLazy", "mapLimit"] as const) {
      let pendingNext = false;
      let returnWhilePending = false;
      let returned = false;
      let pulls = 0;
      const source: AsyncIterable<number> = {
        [Symbol.asyncIterator]: () => ({
          next: () => {
            pulls += 1;
            pendingNext = true;
            return delay(pulls === 1 ? 0 : 20, { value: pulls, done: false }).finally(() => {
              pendingNext = false;
            });
          },
          return: () => {
            if (pendingNext) returnWhilePending = true;
            returned = true;
            return Promise.resolve({ value: undefined, done: true });
          },
        }),
      };
      if (run === "mapLazy") {
        for await (const _value of mapLazy(source, (n) => n, { concurrency: 2 })) break;
      } else {
        await expect(mapLimit(source, (n) => (n === 1 ? Promise.reject(new Error("first failed")) : n), { concurrency: 2 })).rejects.toThrow(
          "first failed",
        );
      }
      await delay(40, undefined);
      expect([run, returned, returnWhilePending]).toEqual([run, true, false]);
    }
  });
});
