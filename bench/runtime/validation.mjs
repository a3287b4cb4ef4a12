// The validation-client scenario: 100 candidate checks, each a "request" taking 10–20 ms that is
// true with probability 0.5; the caller stops after 10 true results. Every approach sees the same
// seeded durations and outcomes. A request honours an AbortSignal when it is given one, the way
// SDKs do (a listener per request, reject with the reason). Prints JSON averages per approach.
import pLimit from "p-limit";
import pMap, { pMapIterable, pMapStop } from "p-map";
import { mapLazy } from "llm-cost-runtime";

const REQUESTS = 100;
const WANTED = 10;
const CONCURRENCY = Number(process.argv[2] ?? process.env.BENCH_VALIDATION_CONCURRENCY ?? 8);
const TRIALS = Number(process.env.BENCH_VALIDATION_TRIALS ?? 10);

function random(seed) {
  // mulberry32: tiny, seeded, good enough to make every approach see the same workload.
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function workload(seed) {
  const next = random(seed);
  return Array.from({ length: REQUESTS }, (_, id) => ({ id, ms: 10 + Math.floor(next() * 11), valid: next() < 0.5 }));
}

/** A fake request client that counts what it was asked to do. */
function client() {
  const stats = { started: 0, aborted: 0, running: new Set() };
  const validate = (candidate, signal) => {
    stats.started += 1;
    const request = { signal };
    stats.running.add(request);
    return new Promise((resolve, reject) => {
      const finish = () => {
        stats.running.delete(request);
        signal?.removeEventListener("abort", onAbort);
      };
      const timer = setTimeout(() => {
        finish();
        resolve(candidate.valid);
      }, candidate.ms);
      const onAbort = () => {
        stats.aborted += 1;
        clearTimeout(timer);
        finish();
        reject(signal.reason);
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort);
    });
  };
  return { stats, validate };
}

// Each approach returns once the caller has its 10 valid results (or ran out).
const approaches = {
  "naive eager array": async (items, validate) => {
    const pending = items.map((item) => validate(item));
    let valid = 0;
    for (const promise of pending) if ((await promise) && ++valid === WANTED) break;
  },
  "naive eager + shared AbortController": async (items, validate) => {
    const controller = new AbortController();
    const pending = items.map((item) => validate(item, controller.signal));
    let valid = 0;
    for (const promise of pending) if ((await promise) && ++valid === WANTED) break;
    controller.abort();
  },
  "p-limit": async (items, validate) => {
    const limit = pLimit(CONCURRENCY);
    const pending = items.map((item) => limit(validate, item));
    let valid = 0;
    for (const promise of pending) if ((await promise) && ++valid === WANTED) break;
  },
  "p-limit + clearQueue()": async (items, validate) => {
    const limit = pLimit(CONCURRENCY);
    const pending = items.map((item) => limit(validate, item));
    let valid = 0;
    for (const promise of pending) if ((await promise) && ++valid === WANTED) break;
    limit.clearQueue();
  },
  "p-map pMap + pMapStop": async (items, validate) => {
    let valid = 0;
    await pMap(items, async (item) => ((await validate(item)) && ++valid === WANTED ? pMapStop : undefined), {
      concurrency: CONCURRENCY,
    });
  },
  "p-map pMapIterable": async (items, validate) => {
    let valid = 0;
    for await (const ok of pMapIterable(items, (item) => validate(item), { concurrency: CONCURRENCY })) {
      if (ok && ++valid === WANTED) break;
    }
  },
  "ours mapLazy": async (items, validate) => {
    let valid = 0;
    for await (const ok of mapLazy(items, (item, _index, { signal }) => validate(item, signal), { concurrency: CONCURRENCY })) {
      if (ok && ++valid === WANTED) break;
    }
  },
};

let unhandled = 0;
process.on("unhandledRejection", () => {
  unhandled += 1;
});
let listenerWarnings = 0;
process.on("warning", (warning) => {
  if (warning.name === "MaxListenersExceededWarning") listenerWarnings += 1;
});

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));
const results = {};
for (const name of Object.keys(approaches)) {
  results[name] = { startedByStop: 0, started: 0, aborted: 0, runningUnabortedAfterStop: 0, finishedAfterStop: 0, unhandledRejections: 0, msToStop: 0, listenerWarnings: 0 };
}
for (let trial = 0; trial < TRIALS; trial += 1) {
  const items = workload(1000 + trial);
  for (const [name, run] of Object.entries(approaches)) {
    const { stats, validate } = client();
    unhandled = 0;
    listenerWarnings = 0;
    const start = performance.now();
    await run(items, validate);
    const msToStop = performance.now() - start;
    const startedAtStop = stats.started;
    await macrotask();
    const runningUnaborted = [...stats.running].filter((request) => !request.signal?.aborted).length;
    const runningAfterStop = stats.running.size;
    // Let everything still running or queued finish, to count the work that was paid for anyway.
    const deadline = performance.now() + 2_000;
    let quietSince = performance.now();
    let lastStarted = stats.started;
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (stats.started !== lastStarted || stats.running.size > 0) {
        lastStarted = stats.started;
        quietSince = performance.now();
      } else if (performance.now() - quietSince > 30) break;
    }
    const row = results[name];
    row.startedByStop += startedAtStop;
    row.started += stats.started;
    row.aborted += stats.aborted;
    row.runningUnabortedAfterStop += runningUnaborted;
    row.finishedAfterStop += runningAfterStop - stats.running.size + (stats.started - startedAtStop);
    row.unhandledRejections += unhandled;
    row.msToStop += msToStop;
    row.listenerWarnings += listenerWarnings;
  }
}
for (const row of Object.values(results)) for (const key of Object.keys(row)) row[key] /= TRIALS;
console.log(JSON.stringify({ trials: TRIALS, requests: REQUESTS, concurrency: CONCURRENCY, results }));
