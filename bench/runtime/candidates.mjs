// The implementations compared by the runtime benchmark, each as `(input, task, concurrency)`.
// Every anchor is used the way its README recommends for "map with a concurrency limit".
import asyncLib from "async";
import pLimit from "p-limit";
import pMap, { pMapIterable } from "p-map";
import { createLimit, mapLazy, mapLimit } from "llm-cost-runtime";

/** Promise.all-shaped: resolve to every result, in order. */
export const collectors = {
  "ours mapLimit": (input, task, concurrency) => mapLimit(input, task, { concurrency }),
  "ours mapLimit (mapper reads signal)": (input, task, concurrency) =>
    mapLimit(input, (item, _index, { signal }) => task(item, signal), { concurrency }),
  "ours createLimit + Promise.all": (input, task, concurrency) => {
    const limit = createLimit(concurrency);
    return Promise.all(Array.from(input, (item) => limit(task, item)));
  },
  "p-limit + Promise.all": (input, task, concurrency) => {
    const limit = pLimit(concurrency);
    return Promise.all(Array.from(input, (item) => limit(task, item)));
  },
  "p-map pMap": (input, task, concurrency) => pMap(input, task, { concurrency }),
  // async only treats native `async` functions as promise-returning, so wrap the task in one.
  "async mapLimit": (input, task, concurrency) => asyncLib.mapLimit(input, concurrency, async (item) => task(item)),
};

/** Streaming: consume results one by one with `for await`. */
export const streamers = {
  "ours mapLazy (ordered)": (input, task, concurrency) => mapLazy(input, task, { concurrency }),
  "ours mapLazy (ordered: false)": (input, task, concurrency) => mapLazy(input, task, { concurrency, ordered: false }),
  "ours mapLazy (ordered, mapper reads signal)": (input, task, concurrency) =>
    mapLazy(input, (item, _index, { signal }) => task(item, signal), { concurrency }),
  "p-map pMapIterable": (input, task, concurrency) => pMapIterable(input, task, { concurrency }),
  "p-map pMapIterable (preserveOrder: false)": (input, task, concurrency) =>
    pMapIterable(input, task, { concurrency, preserveOrder: false }),
};
