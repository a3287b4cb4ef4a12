// Brings the labelled repositories of the real-world set onto disk at their pinned commits, without ever
// putting their code in this repository. Sources, in order: a checkout already in the cache directory
// (marked with the commit it holds), a bare mirror holding the commit, or — only when asked (`--clone`) —
// a shallow fetch of that one commit from GitHub.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

const commitMarker = ".realworld-commit";

/** The directory the checkouts live in: `LLM_COST_REALWORLD_DIR`, else /work/realworld when it exists, else ~/.cache. */
export function defaultCacheDirectory() {
  if (process.env.LLM_COST_REALWORLD_DIR) return path.resolve(process.env.LLM_COST_REALWORLD_DIR);
  if (existsSync("/work/realworld")) return "/work/realworld";
  return path.join(homedir(), ".cache", "llm-cost-realworld");
}

/** Where bare mirrors are looked for: `LLM_COST_REALWORLD_MIRRORS` (a directory of `<owner>+<name>/repo`). */
export function defaultMirrorDirectory() {
  return path.resolve(process.env.LLM_COST_REALWORLD_MIRRORS ?? "/work/.mirror");
}

export function checkoutName(repo) {
  return repo.replace("/", "+");
}

/**
 * A repository's checkout at its pinned commit lives in `<owner>+<name>`; a label may pin another commit of the
 * same repository (the code before a maintainer's fix), checked out next to it in `<owner>+<name>@<sha12>`.
 */
export function checkoutDirectory(cacheDirectory, repo, commit, pinned = commit) {
  const name = commit === pinned ? checkoutName(repo) : `${checkoutName(repo)}@${commit.slice(0, 12)}`;
  return path.join(cacheDirectory, name);
}

/** The commit a checkout holds, or undefined when there is none (or it is not one of ours). */
export function checkedOutCommit(directory) {
  const marker = path.join(directory, commitMarker);
  return existsSync(marker) ? readFileSync(marker, "utf8").trim() : undefined;
}

function git(args, options = {}) {
  const result = spawnSync("git", args, { encoding: "utf8", maxBuffer: 1 << 30, ...options });
  if (result.error) throw result.error;
  return result;
}

function mirrorHolds(gitDirectory, commit) {
  return existsSync(gitDirectory) && git(["--git-dir", gitDirectory, "cat-file", "-e", `${commit}^{commit}`]).status === 0;
}

/**
 * Writes every blob of `commit` that the mirror holds into `destination`. Mirrors made from snapshots lack
 * their largest files (images, archives, fixtures of several MB): those are skipped and counted, since
 * none of them is source code a rule could read.
 */
async function extractFromMirror(gitDirectory, commit, destination) {
  const listing = git(["--git-dir", gitDirectory, "ls-tree", "-r", "-z", "--full-tree", commit]);
  if (listing.status !== 0) throw new Error(`git ls-tree failed in ${gitDirectory}: ${listing.stderr.trim()}`);
  const entries = [];
  for (const record of listing.stdout.split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("\t");
    const [mode, type, object] = record.slice(0, tab).split(" ");
    const file = record.slice(tab + 1);
    if (type !== "blob") continue; // submodules
    entries.push({ mode, object, file });
  }
  const catFile = spawn("git", ["--git-dir", gitDirectory, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "inherit"] });
  const chunks = [];
  catFile.stdout.on("data", (chunk) => chunks.push(chunk));
  const exited = new Promise((resolve, reject) => {
    catFile.on("error", reject);
    catFile.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`git cat-file exited with ${code}`))));
  });
  catFile.stdin.end(entries.map((entry) => entry.object).join("\n") + "\n");
  await exited;
  const output = Buffer.concat(chunks);
  let offset = 0;
  let written = 0;
  let missing = 0;
  for (const entry of entries) {
    const newline = output.indexOf(10, offset);
    const header = output.subarray(offset, newline).toString("utf8");
    offset = newline + 1;
    if (header.endsWith(" missing")) {
      missing += 1;
      continue;
    }
    const size = Number(header.split(" ")[2]);
    const content = output.subarray(offset, offset + size);
    offset += size + 1;
    const target = path.join(destination, entry.file);
    if (!target.startsWith(destination + path.sep)) continue; // a path that climbs out is not written
    mkdirSync(path.dirname(target), { recursive: true });
    if (entry.mode === "120000") {
      try {
        symlinkSync(content.toString("utf8"), target);
      } catch {
        // a dangling or duplicate link changes nothing a rule reads
      }
    } else {
      writeFileSync(target, content);
    }
    written += 1;
  }
  return { written, missing };
}

function cloneCommit(repo, commit, destination) {
  mkdirSync(destination, { recursive: true });
  const steps = [
    ["init", "--quiet", destination],
    ["-C", destination, "fetch", "--quiet", "--depth", "1", `https://github.com/${repo}.git`, commit],
    ["-C", destination, "checkout", "--quiet", "FETCH_HEAD"],
  ];
  for (const step of steps) {
    const result = git(step, { stdio: ["ignore", "ignore", "pipe"] });
    if (result.status !== 0) throw new Error(`git ${step.join(" ")}: ${String(result.stderr).trim()}`);
  }
  rmSync(path.join(destination, ".git"), { recursive: true, force: true });
}

/**
 * Makes sure `repo` is on disk at `commit`. Returns { directory, status } where status is "present",
 * "extracted", "cloned", "absent" (nothing to get it from) or "stale" (the cache holds another commit and
 * no source has the pinned one).
 */
export async function ensureCheckout(repo, commit, { cacheDirectory, mirrorDirectory, clone = false, pinned = commit }) {
  const directory = checkoutDirectory(cacheDirectory, repo, commit, pinned);
  const held = checkedOutCommit(directory);
  if (held === commit) return { directory, status: "present" };
  const gitDirectory = path.join(mirrorDirectory, checkoutName(repo), "repo");
  const fromMirror = mirrorHolds(gitDirectory, commit);
  if (!fromMirror && !clone) return { directory, status: held === undefined && !existsSync(directory) ? "absent" : "stale" };
  if (existsSync(directory)) {
    // only ever replace a directory this script made
    if (held === undefined) return { directory, status: "stale" };
    rmSync(directory, { recursive: true, force: true });
  }
  mkdirSync(directory, { recursive: true });
  let status;
  let detail = "";
  if (fromMirror) {
    const { written, missing } = await extractFromMirror(gitDirectory, commit, directory);
    status = "extracted";
    detail = `${written} files${missing > 0 ? `, ${missing} large files absent from the mirror` : ""}`;
  } else {
    cloneCommit(repo, commit, directory);
    status = "cloned";
  }
  writeFileSync(path.join(directory, commitMarker), `${commit}\n`);
  return { directory, status, detail };
}
