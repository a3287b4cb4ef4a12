// Every regular expression in the plugin (`src/`, `rules/`) checked for catastrophic backtracking: the
// rules run them on source text an attacker may write (a dependency, a pull request). Regex literals and
// `RegExp(...)` calls are found with the TypeScript-ESTree parser and parsed with ESLint's own regexpp.
//
// Exponential risk (fails): an unbounded quantifier around something that can match the same text in more
// than one way: a nested quantifier (`(a+)+`) or alternatives that can start with the same character
// (`(a|ab)*`). Polynomial risk (reported): two unbounded quantifiers in a row whose characters overlap
// (`\s*\s*`), or an unanchored pattern that starts with one (`\s+$` rescans every run of spaces).
// Patterns built at run time cannot be checked here; each must be listed below with the reason it is safe.
//
// Usage: node scripts/check-regexes.mjs   (exit 1 on an exponential pattern or an unreviewed dynamic one)
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { RegExpParser } from "@eslint-community/regexpp";
import { parse, simpleTraverse } from "@typescript-eslint/typescript-estree";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Patterns built at run time, by file, with why they cannot backtrack catastrophically. */
const reviewedDynamicPatterns = {
  "src/llm/recognize.ts": [
    "known SDK module names, escaped, joined by `|` between quote characters: an alternation of literals with no quantifier",
  ],
  "src/analysis/static-text.ts": [
    "a regex literal of the linted code's own `.replace()`/`.replaceAll()` on a prompt constant, compiled only when `isSafePattern` holds (at most 200 characters, no quantified group, no backreference) and the text is at most 250,000 characters: without nested quantifiers there is no exponential backtracking; adjacent quantifiers can still cost polynomial time in the text's length",
  ],
  "src/analysis/project-resolution.ts": [
    "one segment of a workspace glob from the project's own package.json or pnpm-workspace.yaml (`packages/*`, `app-*`): escaped literal text with each `*` turned into `.*`, anchored `^…$`, tested against one directory name; k stars cost O(n^k) in the name's length at worst, no exponential blow-up",
  ],
  "src/llm/settings.ts": [
    "a `settings[\"llm-cost\"].llmCalls` segment: escaped literal text with each `*` turned into `.*`, anchored `^…$`, tested against one identifier; k stars cost O(n^k) in the identifier's length at worst, no exponential blow-up",
  ],
};

/** Characters sampled to compare character sets (ASCII, plus a few non-ASCII letters, spaces and digits). */
const sampleAlphabet = [
  ...Array.from({ length: 128 }, (_, code) => String.fromCodePoint(code)),
  "é",
  "ß",
  "Ж",
  "中",
  "\u00a0",
  "\u2028",
  "٣",
  "😀",
];

function sourceFiles(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.[cm]?tsx?$/u.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Regex literals and `RegExp(...)` / `new RegExp(...)` calls of one file. */
function findRegexes(file) {
  const text = readFileSync(file, "utf8");
  const ast = parse(text, { loc: true, range: true, jsx: file.endsWith("x") });
  const found = [];
  simpleTraverse(ast, {
    enter(node) {
      if (node.type === "Literal" && node.regex !== undefined) {
        found.push({ line: node.loc.start.line, pattern: node.regex.pattern, flags: node.regex.flags });
      } else if (
        (node.type === "NewExpression" || node.type === "CallExpression") &&
        node.callee.type === "Identifier" &&
        node.callee.name === "RegExp"
      ) {
        const [source, flags] = node.arguments;
        const literal = (argument) => (argument?.type === "Literal" && typeof argument.value === "string" ? argument.value : undefined);
        if (literal(source) !== undefined && (flags === undefined || literal(flags) !== undefined)) {
          found.push({ line: node.loc.start.line, pattern: literal(source), flags: literal(flags) ?? "" });
        } else {
          found.push({ line: node.loc.start.line, dynamic: text.slice(node.range[0], node.range[1]).replace(/\s+/gu, " ").slice(0, 100) });
        }
      }
    },
  });
  return found;
}

// ---- character-set reasoning on the regexpp AST -----------------------------------------------------------

const isUnbounded = (node) => node.type === "Quantifier" && node.max === Infinity;

function canMatchEmpty(node) {
  switch (node.type) {
    case "Quantifier":
      return node.min === 0 || canMatchEmpty(node.element);
    case "Group":
    case "CapturingGroup":
    case "Pattern":
      return node.alternatives.some((alternative) => alternative.elements.every(canMatchEmpty));
    case "Alternative":
      return node.elements.every(canMatchEmpty);
    case "Assertion":
    case "Backreference":
      return true;
    default:
      return false;
  }
}

/** The sampled characters a match of `node` can start with. */
function firstCharacters(node, flags) {
  switch (node.type) {
    case "Character":
    case "CharacterClass":
    case "CharacterSet":
    case "ExpressionCharacterClass": {
      const single = new RegExp(`^(?:${node.raw})$`, flags.replace(/[gy]/gu, ""));
      return new Set(sampleAlphabet.filter((character) => single.test(character)));
    }
    case "Quantifier":
      return firstCharacters(node.element, flags);
    case "Group":
    case "CapturingGroup":
    case "Pattern":
      return union(node.alternatives.map((alternative) => firstCharacters(alternative, flags)));
    case "Alternative": {
      const sets = [];
      for (const element of node.elements) {
        sets.push(firstCharacters(element, flags));
        if (!canMatchEmpty(element)) break;
      }
      return union(sets);
    }
    case "Backreference":
      return new Set(sampleAlphabet);
    default:
      return new Set();
  }
}

const union = (sets) => new Set(sets.flatMap((set) => [...set]));
const overlaps = (a, b) => [...a].some((character) => b.has(character));

function descendants(node, visit) {
  for (const child of node.alternatives ?? node.elements ?? (node.element === undefined ? [] : [node.element])) {
    visit(child);
    descendants(child, visit);
  }
}

/** Exponential and polynomial findings for one pattern. */
function analyse(pattern, flags) {
  const ast = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(pattern, 0, pattern.length, {
    unicode: flags.includes("u"),
    unicodeSets: flags.includes("v"),
  });
  const exponential = [];
  const polynomial = [];
  const visit = (node) => {
    if (isUnbounded(node)) {
      // A repeated quantifier inside a repetition is ambiguous when its characters can also start the next
      // round: `(a+)+` splits "aaaa" in 2^n ways; `(?:,\s*)*` cannot, the comma marks each round.
      const roundStarts = firstCharacters(node.element, flags);
      descendants(node.element, (inner) => {
        if (inner.type === "Quantifier" && inner.max > 1 && !canMatchEmpty(inner.element) && overlaps(firstCharacters(inner.element, flags), roundStarts)) {
          exponential.push(`nested quantifier ${inner.raw} inside ${node.raw}`);
        }
      });
      const groups = [node.element, ...[]];
      descendants(node.element, (inner) => groups.push(inner));
      for (const group of groups.filter((candidate) => candidate.alternatives?.length > 1)) {
        const starts = group.alternatives.map((alternative) => firstCharacters(alternative, flags));
        for (let i = 0; i < starts.length; i += 1) {
          for (let j = i + 1; j < starts.length; j += 1) {
            if (overlaps(starts[i], starts[j])) exponential.push(`overlapping alternatives ${group.raw} inside ${node.raw}`);
          }
        }
      }
    }
    if (node.type === "Alternative") {
      node.elements.forEach((element, index) => {
        if (!isUnbounded(element)) return;
        // The next unbounded quantifier reachable through elements that may match nothing.
        for (let next = index + 1; next < node.elements.length; next += 1) {
          const candidate = node.elements[next];
          if (isUnbounded(candidate)) {
            if (overlaps(firstCharacters(element.element, flags), firstCharacters(candidate.element, flags))) {
              polynomial.push(`${element.raw} then ${candidate.raw} can split the same run`);
            }
            break;
          }
          if (!canMatchEmpty(candidate)) break;
        }
      });
    }
    descendants(node, () => {});
  };
  visit(ast);
  descendants(ast, visit);
  const firstAlternative = ast.alternatives.length === 1 ? ast.alternatives[0] : undefined;
  const elements = firstAlternative?.elements.filter((element) => element.type !== "Assertion" || element.kind !== "lookbehind") ?? [];
  const [leading, ...rest] = elements;
  // Only what follows the run can make a match fail after consuming it (`\s+$`); `\s+` alone is linear.
  if (leading !== undefined && isUnbounded(leading) && rest.length > 0 && !flags.includes("y")) {
    polynomial.push(`unanchored leading ${leading.raw}: a failing match rescans each run from every position (quadratic in the run's length)`);
  }
  return { exponential: [...new Set(exponential)], polynomial: [...new Set(polynomial)] };
}

// ---- self-test: the analysis must tell known catastrophic patterns from safe ones --------------------------

const knownExponential = ["(a+)+$", "(a|a)*$", "(?:\\w|\\d)+x", "(x+x+)+y", "^(?:\\s*\\w+)*$"];
const knownPolynomial = ["\\s*\\s*$", "\\s+$", "a\\d+\\w+$", '[^"]*"'];
// Conservative: `^(\s*,)*$` (safe: the comma ends each round) is still reported as exponential.
const knownSafe = ["^\\s*$", "\\s+", "^(?:,\\s*)*;", '"[^"]*"', "^(?:ab|cd)+$", "[.*+?^${}()|[\\]\\\\]"];
const selfTestFailures = [
  ...knownExponential.filter((pattern) => analyse(pattern, "u").exponential.length === 0).map((pattern) => `missed exponential /${pattern}/`),
  ...knownPolynomial.filter((pattern) => analyse(pattern, "u").polynomial.length === 0).map((pattern) => `missed polynomial /${pattern}/`),
  ...knownSafe
    .filter((pattern) => {
      const result = analyse(pattern, "u");
      return result.exponential.length + result.polynomial.length > 0;
    })
    .map((pattern) => `false alarm on /${pattern}/`),
];
if (selfTestFailures.length > 0) {
  console.log(`check-regexes self-test failed:\n${selfTestFailures.join("\n")}`);
  process.exit(2);
}

// ---- report -------------------------------------------------------------------------------------------------

const files = [...sourceFiles(path.join(repoRoot, "src")), ...sourceFiles(path.join(repoRoot, "rules"))];
let checked = 0;
const failures = [];
const warnings = [];
const dynamicByFile = new Map();
for (const file of files) {
  const relative = path.relative(repoRoot, file).split(path.sep).join("/");
  for (const regex of findRegexes(file)) {
    if (regex.dynamic !== undefined) {
      dynamicByFile.set(relative, [...(dynamicByFile.get(relative) ?? []), regex]);
      continue;
    }
    checked += 1;
    let result;
    try {
      result = analyse(regex.pattern, regex.flags);
    } catch (error) {
      failures.push(`${relative}:${regex.line} /${regex.pattern}/${regex.flags}: cannot parse (${error.message})`);
      continue;
    }
    for (const finding of result.exponential) failures.push(`${relative}:${regex.line} /${regex.pattern}/${regex.flags}: ${finding}`);
    for (const finding of result.polynomial) warnings.push(`${relative}:${regex.line} /${regex.pattern}/${regex.flags}: ${finding}`);
  }
}
for (const [file, regexes] of dynamicByFile) {
  const reviewed = reviewedDynamicPatterns[file] ?? [];
  regexes.forEach((regex, index) => {
    if (reviewed[index] === undefined) failures.push(`${file}:${regex.line} ${regex.dynamic}: pattern built at run time and not reviewed in scripts/check-regexes.mjs`);
    else console.log(`reviewed  ${file}:${regex.line} (built at run time): ${reviewed[index]}`);
  });
}
for (const warning of warnings) console.log(`polynomial ${warning}`);
for (const failure of failures) console.log(`FAIL       ${failure}`);
console.log(
  `${checked} regex literals checked in ${files.length} files, ${[...dynamicByFile.values()].flat().length} built at run time: ` +
    `${failures.length} exponential or unreviewed, ${warnings.length} polynomial (reported, not failing).`,
);
process.exitCode = failures.length > 0 ? 1 : 0;
