// The real-world set itself cannot run in CI (its repositories are not here); this checks that the committed
// references are well-formed, so a bad edit to labels.json fails `npm test` rather than the scorer.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

interface Place {
  path: string;
  startLine: number;
  endLine: number;
}
interface Label extends Place {
  repo: string;
  commit: string;
  rule: string;
  label: string;
  tier: string;
  note: string;
  alsoAt?: Place[];
}
interface RealWorldSet {
  rules: string[];
  repos: { repo: string; commit: string; otherCommits?: string[]; split: string; kind: string }[];
  labels: Label[];
}

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "labels.json");
const set = JSON.parse(readFileSync(file, "utf8")) as RealWorldSet;
const rulesOnMainOrPlanned = [
  "no-dynamic-prompt-prefix",
  "no-eager-early-exit",
  "no-unbounded-concurrency",
  "no-unbounded-llm-loop",
  "require-abort-on-disconnect",
  "require-max-tokens",
  "require-prompt-caching",
];

function wellFormedPlace(place: Place): boolean {
  return (
    typeof place.path === "string" &&
    place.path.length > 0 &&
    !path.isAbsolute(place.path) &&
    !place.path.split("/").includes("..") &&
    Number.isInteger(place.startLine) &&
    Number.isInteger(place.endLine) &&
    place.startLine >= 1 &&
    place.endLine >= place.startLine
  );
}

describe("tests/realworld/labels.json", () => {
  it("lists each repository once, pinned to a full commit, in the dev or the holdout half", () => {
    const names = set.repos.map((repo) => repo.repo);
    expect(new Set(names).size).toBe(names.length);
    for (const repo of set.repos) {
      expect(repo.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(repo.commit).toMatch(/^[0-9a-f]{40}$/);
      for (const commit of repo.otherCommits ?? []) expect(commit).toMatch(/^[0-9a-f]{40}$/);
      expect(["dev", "holdout"]).toContain(repo.split);
    }
  });

  it("gives every label a known repository at one of its pinned commits, a known rule, label and tier, a range and a note", () => {
    const commits = new Map(set.repos.map((repo) => [repo.repo, [repo.commit, ...(repo.otherCommits ?? [])]]));
    expect([...set.rules].sort()).toEqual(rulesOnMainOrPlanned);
    for (const label of set.labels) {
      expect(commits.get(label.repo), label.repo).toContain(label.commit);
      expect(set.rules).toContain(label.rule);
      expect(["problem", "fine"]).toContain(label.label);
      expect(["one-file", "other-files", "framework"]).toContain(label.tier);
      expect(wellFormedPlace(label), `${label.repo} ${label.path}:${label.startLine}`).toBe(true);
      for (const place of label.alsoAt ?? []) expect(wellFormedPlace(place), `${label.repo} ${place.path}`).toBe(true);
      expect(label.note.length).toBeGreaterThanOrEqual(10);
    }
  });

  it("labels a range once per rule", () => {
    const keys = set.labels.map((label) => `${label.repo}@${label.commit} ${label.path}:${label.startLine}-${label.endLine} ${label.rule}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
