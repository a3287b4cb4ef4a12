import { describe, expect, it } from "vitest";
import { anyAbortable, raceAbortable } from "../../runtime/src/index.js";
import { abortableRequest, countUnhandledRejections, countedSignal, deferred, flushMicrotasks } from "./helpers.js";

describe("raceAbortable", () => {
  it("settles with the first task to settle and aborts the losers in the same tick", async () => {
    const signals: AbortSignal[] = [];
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    const unhandled = await countUnhandledRejections(async () => {
      const winner = raceAbortable(gates.map((gate) => (signal: AbortSignal) => {
        signals.push(signal);
        return abortableRequest(signal, gate.promise);
      }));
      gates[1]!.resolve("fast");
      await expect(winner).resolves.toBe("fast");
      expect(signals.map((s) => s.aborted)).toEqual([true, false, true]);
    });
    expect(unhandled).toBe(0);
  });

  it("rejects with the first rejection and aborts the rest", async () => {
    const error = new Error("first");
    const signals: AbortSignal[] = [];
    const race = raceAbortable([
      async () => Promise.reject(error),
      (signal) => {
        signals.push(signal);
        return abortableRequest(signal, new Promise(() => {}));
      },
    ]);
    await expect(race).rejects.toBe(error);
    expect(signals[0]!.aborted).toBe(true);
  });

  it("does not start the tasks after one that throws synchronously", async () => {
    let startedSecond = false;
    await expect(raceAbortable([
      () => {
        throw new Error("sync");
      },
      () => {
        startedSecond = true;
        return 1;
      },
    ])).rejects.toThrow("sync");
    expect(startedSecond).toBe(false);
  });

  it("aborts everything with the caller's reason", async () => {
    const caller = countedSignal();
    const signals: AbortSignal[] = [];
    const task = (signal: AbortSignal): Promise<never> => {
      signals.push(signal);
      return abortableRequest(signal, new Promise<never>(() => {}));
    };
    const race = raceAbortable([task, task], { signal: caller.controller.signal });
    caller.controller.abort("stop");
    await expect(race).rejects.toBe("stop");
    expect(signals.every((s) => s.reason === "stop")).toBe(true);
    expect(caller.listeners()).toBe(0);
  });

  it("infers a union for a tuple of tasks and validates its arguments", async () => {
    const value: number | string = await raceAbortable([async () => 1, async () => "a"] as const);
    expect(value).toBe(1);
    expect(() => raceAbortable(5 as unknown as [])).toThrow(/`tasks`/);
    expect(() => raceAbortable([1 as unknown as () => number])).toThrow(/`tasks\[0\]`/);
  });
});

describe("anyAbortable", () => {
  it("settles with the first fulfilment, ignoring earlier rejections, and aborts the rest", async () => {
    const signals: AbortSignal[] = [];
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    const any = anyAbortable(gates.map((gate) => (signal: AbortSignal) => {
      signals.push(signal);
      return abortableRequest(signal, gate.promise);
    }));
    gates[0]!.reject(new Error("nope"));
    await flushMicrotasks();
    gates[2]!.resolve("yes");
    await expect(any).resolves.toBe("yes");
    expect(signals[1]!.aborted).toBe(true);
    expect(signals[2]!.aborted).toBe(false);
  });

  it("rejects with an AggregateError of every error in task order", async () => {
    const a = new Error("a");
    const b = new Error("b");
    const any = anyAbortable([() => Promise.reject(a), () => {
      throw b;
    }]);
    await expect(any).rejects.toMatchObject({ name: "AggregateError", errors: [a, b] });
    await expect(anyAbortable([])).rejects.toBeInstanceOf(AggregateError);
  });
});
