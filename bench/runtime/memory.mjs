// One memory row, run in a fresh process by run.mjs: `node bench/runtime/memory.mjs <row>`.
// Maps 1,000,000 items from a generator at concurrency 8 and prints JSON with the peak RSS.
import asyncLib from "async";
import pLimit from "p-limit";
import pMap, { pMapIterable } from "p-map";
import { mapLazy, mapLimit } from "llm-cost-runtime";

const ITEMS = Number(process.env.BENCH_MEMORY_ITEMS ?? 1_000_000);
const CONCURRENCY = 8;

function* source() {
  for (let i = 0; i < ITEMS; i += 1) yield i;
}
const task = async (item) => item * 2;

async function drain(iterable) {
  let count = 0;
  for await (const _value of iterable) count += 1;
  return count;
}

const rows = {
  "baseline (node + imports, no work)": async () => 0,
  "ours mapLimit, results kept": async () => (await mapLimit(source(), task, { concurrency: CONCURRENCY })).length,
  "ours mapLimit, results kept, mapper reads signal": async () =>
    (await mapLimit(source(), (item, _index, { signal }) => task(item, signal), { concurrency: CONCURRENCY })).length,
  "p-limit + Promise.all, results kept": async () => {
    const limit = pLimit(CONCURRENCY);
    return (await Promise.all(Array.from(source(), (item) => limit(task, item)))).length;
  },
  "p-map pMap, results kept": async () => (await pMap(source(), task, { concurrency: CONCURRENCY })).length,
  "async mapLimit, results kept": async () =>
    (await asyncLib.mapLimit(source(), CONCURRENCY, async (item) => task(item))).length,
  "ours mapLazy, streaming": () => drain(mapLazy(source(), task, { concurrency: CONCURRENCY })),
  "ours mapLazy (ordered: false), streaming": () => drain(mapLazy(source(), task, { concurrency: CONCURRENCY, ordered: false })),
  "p-map pMapIterable, streaming": () => drain(pMapIterable(source(), task, { concurrency: CONCURRENCY })),
  "p-map pMapIterable (preserveOrder: false), streaming": () =>
    drain(pMapIterable(source(), task, { concurrency: CONCURRENCY, preserveOrder: false })),
};

const name = process.argv[2];
const row = rows[name];
if (row === undefined) {
  console.log(JSON.stringify({ rows: Object.keys(rows) }));
} else {
  const start = performance.now();
  const count = await row();
  const elapsed = performance.now() - start;
  if (name.startsWith("baseline") ? count !== 0 : count !== ITEMS) throw new Error(`${name}: got ${count} results`);
  // maxRSS is in kilobytes; it is the high-water mark, so transient peaks count.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ name, items: ITEMS, peakRssMb, seconds: elapsed / 1000 }));
}
