import { parseArgs } from "node:util";

import { UsageError } from "./command.js";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type Values<Specs extends OptionSpecs> = { [Name in keyof Specs]?: Specs[Name]["type"] extends "string" ? string : boolean };

export interface ParsedOptions<Specs extends OptionSpecs> {
  readonly values: Values<Specs>;
  readonly positionals: readonly string[];
}

/** Levenshtein distance, for "did you mean" on a mistyped option. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function unknownOption(given: string, specs: OptionSpecs): UsageError {
  const name = given.replace(/^-+/u, "").split("=")[0] ?? "";
  const closest = Object.keys(specs)
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ distance }) => distance <= Math.max(1, Math.floor(name.length / 3)))
    .sort((left, right) => left.distance - right.distance)[0];
  const hint = closest === undefined ? "" : `; did you mean --${closest.candidate}?`;
  return new UsageError(`unknown option ${given.split("=")[0]}${hint}`);
}

/**
 * `util.parseArgs` with messages a user can act on: Node's own text for an unknown option is long and
 * ends mid-quote, so unknown options are found here first and named with the closest known one.
 */
export function parseOptions<Specs extends OptionSpecs>(argv: readonly string[], specs: Specs): ParsedOptions<Specs> {
  const shortNames = new Set(Object.values(specs).flatMap((spec) => (spec.short === undefined ? [] : [spec.short])));
  for (const argument of argv) {
    if (argument === "--") break;
    if (argument.startsWith("--")) {
      if (!Object.hasOwn(specs, argument.slice(2).split("=")[0] ?? "")) throw unknownOption(argument, specs);
    } else if (argument.startsWith("-") && argument.length > 1) {
      const unknown = [...argument.slice(1)].find((letter) => !shortNames.has(letter));
      // A short string option takes the rest of the word as its value (`-fjson`), so only the first letter is checked then.
      const first = argument[1] ?? "";
      const firstIsString = Object.values(specs).some((spec) => spec.short === first && spec.type === "string");
      if (!shortNames.has(first) || (!firstIsString && unknown !== undefined)) throw unknownOption(`-${shortNames.has(first) ? unknown : first}`, specs);
    }
  }
  try {
    const parsed = parseArgs({ args: [...argv], options: specs as NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>, allowPositionals: true, strict: true });
    return { values: parsed.values as Values<Specs>, positionals: parsed.positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const option = /--[\w-]+/u.exec(message)?.[0];
    if (option !== undefined && message.includes("argument missing")) throw new UsageError(`${option} needs a value`);
    if (option !== undefined && message.includes("does not take an argument")) throw new UsageError(`${option} takes no value`);
    throw new UsageError(message.split("\n")[0] ?? message);
  }
}
