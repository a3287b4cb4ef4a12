import { describe, expect, it } from "vitest";
import { createLimit } from "../../runtime/src/index.js";
import { deferred, flushMicrotasks } from "./helpers.js";

describe("createLimit", () => {
  it("runs at most `concurrency` functions at once, in call order, with p-limit's counters", async () => {
    const limit = createLimit(2);
    const gates = Array.from({ length: 4 }, () => deferred<number>());
    const order: number[] = [];
    const results = gates.map((gate, i) => limit((n: number) => {
      order.push(n);
      return gate.promise;
    }, i));
    expect(limit.activeCount).toBe(2);
    expect(limit.pendingCount).toBe(2);
    expect(limit.concurrency).toBe(2);
    gates[1]!.resolve(1);
    await flushMicrotasks();
    expect(order).toEqual([0, 1, 2]);
    gates[0]!.resolve(0);
    gates[2]!.resolve(2);
    gates[3]!.resolve(3);
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3]);
    expect(limit.activeCount).toBe(0);
  });

  it("propagates rejections (sync and async) and keeps the queue moving", async () => {
    const limit = createLimit(1);
    const error = new Error("bad");
    const a = limit(() => {
      throw error;
    });
    const b = limit(async () => Promise.reject(error));
    const c = limit(async (x: number) => x + 1, 1);
    await expect(a).rejects.toBe(error);
    await expect(b).rejects.toBe(error);
    await expect(c).resolves.toBe(2);
  });

  it("clearQueue() drops waiting functions without running them", async () => {
    const limit = createLimit(1);
    const gate = deferred();
    let ran = 0;
    void limit(() => gate.promise);
    void limit(() => (ran += 1));
    void limit(() => (ran += 1));
    expect(limit.pendingCount).toBe(2);
    limit.clearQueue();
    expect(limit.pendingCount).toBe(0);
    gate.resolve();
    await flushMicrotasks();
    expect(ran).toBe(0);
    expect(limit.activeCount).toBe(0);
  });

  it("validates its arguments", () => {
    expect(() => createLimit(0)).toThrow(/`concurrency`/);
    expect(() => createLimit(Number.POSITIVE_INFINITY)).not.toThrow();
    expect(() => createLimit(2)("x" as unknown as () => void)).toThrow(/`fn`/);
  });
});
