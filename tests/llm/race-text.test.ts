import { describe, expect, it } from "vitest";

import { mentionsRace } from "../../src/llm/race-summaries.js";

// The text test that decides whether a module another file imports is parsed for race helpers.
describe("mentionsRace", () => {
  it.each([
    ["an arrow sleep", "export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));"],
    ["a one-letter sleep", "await new Promise(r => setTimeout(r, 250));"],
    ["a sleep with a block body", "return new Promise((resolve) => {\n  setTimeout(resolve, delay);\n});"],
    ["a sleep that returns the timer", "new Promise((done) => { return setTimeout(done, 10); })"],
    ["a race over a computed list", "await Promise.race(pending.values());"],
  ])("is false for %s: a timer only its timer settles races nothing", (_, text) => {
    expect(mentionsRace(text)).toBe(false);
  });

  it.each([
    ["a timer that rejects", "new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))"],
    ["a timer settled by the input too", "new Promise((resolve, reject) => { setTimeout(reject, ms); promise.then(resolve, reject); })"],
    ["a sleep next to a race by hand", "const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nconst t = new Promise((resolve) => { const id = setTimeout(() => resolve(fallback), ms); work.then(resolve); });"],
    ["Promise.race over a written list", "return Promise.race([request, timeout]);"],
    ["Promise.any over a written list", "await Promise.any([a(), b()]);"],
  ])("is true for %s", (_, text) => {
    expect(mentionsRace(text)).toBe(true);
  });
});
