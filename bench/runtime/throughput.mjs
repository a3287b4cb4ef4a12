// Throughput of trivially resolving tasks, all candidates in one process, interleaved round by
// round (rotating the order) so drift and GC pressure hit every candidate alike.
// Prints JSON: { [concurrency]: { [name]: { median, min, max } } } in millions of tasks per second.
import { collectors, streamers } from "./candidates.mjs";

const TASKS = Number(process.env.BENCH_TASKS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WARMUP = 2;
const CONCURRENCIES = [8, 64];

const items = Array.from({ length: TASKS }, (_, i) => i);
const task = async (item) => item * 2;

async function runCollector(run, concurrency) {
  const results = await run(items, task, concurrency);
  if (results.length !== TASKS || results[TASKS - 1] !== (TASKS - 1) * 2) throw new Error("wrong results");
}

async function runStreamer(run, concurrency) {
  let count = 0;
  for await (const _value of run(items, task, concurrency)) count += 1;
  if (count !== TASKS) throw new Error("wrong count");
}

const candidates = [
  ...Object.entries(collectors).map(([name, run]) => [name, (c) => runCollector(run, c)]),
  ...Object.entries(streamers).map(([name, run]) => [name, (c) => runStreamer(run, c)]),
];

const samples = {};
for (const concurrency of CONCURRENCIES) {
  samples[concurrency] = Object.fromEntries(candidates.map(([name]) => [name, []]));
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    for (let k = 0; k < candidates.length; k += 1) {
      const [name, run] = candidates[(k + round) % candidates.length];
      const start = performance.now();
      await run(concurrency);
      const elapsed = performance.now() - start;
      if (round >= WARMUP) samples[concurrency][name].push(TASKS / elapsed / 1000);
    }
  }
}

const summary = {};
for (const [concurrency, byName] of Object.entries(samples)) {
  summary[concurrency] = {};
  for (const [name, values] of Object.entries(byName)) {
    values.sort((a, b) => a - b);
    summary[concurrency][name] = { median: values[values.length >> 1], min: values[0], max: values[values.length - 1] };
  }
}
console.log(JSON.stringify({ tasks: TASKS, rounds: ROUNDS, summary }));
