import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";

/**
 * Why a value inserted into a text probably changes between requests:
 * `time` (clock readings finer than a day), `id` (request/session ids, random values), `identity` (who the user is),
 * `day` (a calendar date: changes once a day, so it repeats for every request of that day),
 * `other` (unknown: may well be the same on every request, e.g. a tool list built at startup).
 */
export type VolatileKind = "time" | "id" | "identity" | "day" | "other";

/** The kinds that change between the requests of one cache lifetime (minutes to an hour), so a prefix holding one never repeats. */
export type PerRequestKind = Exclude<VolatileKind, "day" | "other">;

/**
 * Whether a value of this kind breaks a prompt cache. A calendar date changes once a day: one cache miss a day,
 * while every provider's cache expires after minutes to an hour of disuse anyway, so it costs nothing measurable.
 */
export function changesPerRequest(kind: VolatileKind): kind is PerRequestKind {
  return kind !== "day" && kind !== "other";
}

/** Strongest first: a value that is both a clock reading and a user's is reported as a clock reading. */
const KIND_ORDER: readonly VolatileKind[] = ["time", "id", "identity", "day", "other"];

export function strongestVolatileKind(kinds: Iterable<VolatileKind>): VolatileKind {
  let best = KIND_ORDER.length - 1;
  for (const kind of kinds) best = Math.min(best, KIND_ORDER.indexOf(kind));
  return KIND_ORDER[best] ?? "other";
}

const TIME_WORDS = new Set(["datetime", "time", "timestamp", "now", "clock", "timestamps", "times"]);
/** Names of calendar dates: a value read by one of them alone is taken to be day-granular. */
const DAY_WORDS = new Set(["date", "dates", "today", "tomorrow", "yesterday", "day", "weekday"]);
const ID_WORDS = new Set(["id", "ids", "uuid", "guid", "nonce", "random", "nanoid", "cuid", "ulid"]);
const IDENTITY_WORDS = new Set([
  "user",
  "users",
  "username",
  "email",
  "customer",
  "profile",
  "member",
  "tenant",
  "person",
  "firstname",
  "lastname",
  "fullname",
  "displayname",
]);

/** Methods whose result is a rendering of a clock reading. */
const TIME_METHODS = new Set(["toISOString", "toJSON", "toTimeString", "toUTCString", "toGMTString", "toLocaleTimeString", "getTime"]);
/** Methods that render only the calendar date (unless `toLocaleDateString`'s options ask for the time too). */
const DAY_METHODS = new Set(["toDateString", "toLocaleDateString"]);
/** Date-time libraries whose call with no argument reads the clock: `dayjs()`, `moment()`, `DateTime.now()`. */
const CLOCK_FUNCTIONS = new Set(["dayjs", "moment"]);
/** `Intl.DateTimeFormat` / `toLocale*String` options that add a time of day. */
const TIME_OPTION_KEYS = new Set(["hour", "minute", "second", "timeStyle", "fractionalSecondDigits", "dayPeriod", "hour12", "hourCycle"]);
/** Options that only name parts of a date. */
const DATE_OPTION_KEYS = new Set(["year", "month", "day", "weekday", "era", "dateStyle", "timeZone", "timeZoneName", "calendar", "numberingSystem", "localeMatcher", "formatMatcher"]);
/** Calls that return a fresh random value or identifier. */
const ID_FUNCTIONS = new Set(["randomUUID", "random", "randomBytes", "randomInt", "nanoid", "uuid", "uuidv4", "v4", "v7", "cuid", "createId", "ulid"]);

/** `requestId` → `request`, `id`; `USER_NAME` → `user`, `name`. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/gu, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/gu, "$1 $2")
    .split(/[^A-Za-z]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

function kindOfName(name: string): VolatileKind {
  const words = identifierWords(name);
  const joined = words.join("");
  const kinds: VolatileKind[] = [];
  if (words.some((word) => TIME_WORDS.has(word))) kinds.push("time");
  if (words.some((word) => ID_WORDS.has(word))) kinds.push("id");
  if (words.some((word) => IDENTITY_WORDS.has(word)) || IDENTITY_WORDS.has(joined)) kinds.push("identity");
  if (words.some((word) => DAY_WORDS.has(word))) kinds.push("day");
  return strongestVolatileKind(kinds);
}

function objectKeys(node: TSESTree.Node | undefined): string[] | undefined {
  if (node?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const keys: string[] = [];
  for (const property of node.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) return undefined;
    keys.push(property.key.name);
  }
  return keys;
}

/** `toLocaleString`/`toLocaleDateString` options: `day` when they name only parts of a date, `time` when they add a time of day. */
function localeOptionsKind(options: TSESTree.Node | undefined, defaultKind: VolatileKind): VolatileKind {
  if (options == null) return defaultKind;
  const keys = objectKeys(options);
  if (keys === undefined) return "time";
  if (keys.some((key) => TIME_OPTION_KEYS.has(key))) return "time";
  return keys.length > 0 && keys.every((key) => DATE_OPTION_KEYS.has(key)) ? "day" : defaultKind;
}

/**
 * A date-format pattern (date-fns `format`, dayjs/moment `.format`) that renders only a calendar date:
 * no hours, minutes, seconds, am/pm, time zone or timestamp tokens, and none of moment's localized time formats.
 */
function isDateOnlyPattern(pattern: string): boolean {
  const tokens = pattern.replace(/\[[^\]]*\]|'[^']*'/gu, "");
  if (/LT|L{3,}|l{3,}/u.test(tokens)) return false;
  return !/[HhmsSAakKXxZzTtPp]/u.test(tokens) && /[YyMDdEeoWwQGLl]/u.test(tokens);
}

function stringArgument(node: TSESTree.Node | undefined): string | undefined {
  if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === "string") return node.value;
  if (node?.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function numberArgument(node: TSESTree.Node | undefined): number | undefined {
  return node?.type === AST_NODE_TYPES.Literal && typeof node.value === "number" ? node.value : undefined;
}

function calleeNameOf(callee: TSESTree.Node): string | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier) return callee.property.name;
  return undefined;
}

/** A time value reduced to its calendar date: the date's own volatility otherwise, `day` for what was a clock reading. */
function asDay(kind: VolatileKind): VolatileKind {
  return kind === "time" || kind === "other" ? "day" : kind;
}

/**
 * The kind of a call that renders a clock reading coarser than the reading itself — `toDateString()`,
 * `toLocaleDateString()`, `toLocaleString` with date-only options, `toISOString().slice(0, 10)`,
 * `format(date, "yyyy-MM-dd")`, `dayjs().format("YYYY-MM-DD")`; `undefined` when the call is not one.
 */
function dateRenderingKind(call: TSESTree.CallExpression, name: string | undefined): VolatileKind | undefined {
  const callee = call.callee;
  const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : undefined;
  if (name === "toDateString" && receiver) return asDay(classifyVolatileValue(receiver));
  if (name === "toLocaleDateString" && receiver) {
    const kind = localeOptionsKind(call.arguments[1], "day");
    return kind === "day" ? asDay(classifyVolatileValue(receiver)) : "time";
  }
  if (name === "toLocaleString" && receiver && localeOptionsKind(call.arguments[1], "time") === "day") {
    return asDay(classifyVolatileValue(receiver));
  }
  if ((name === "slice" || name === "substring" || name === "substr") && receiver) {
    const start = numberArgument(call.arguments[0]);
    const end = numberArgument(call.arguments[1]);
    // `toISOString().slice(0, 10)`: YYYY-MM-DD
    if (start === 0 && end !== undefined && end <= 10 && classifyVolatileValue(receiver) === "time") return "day";
    return undefined;
  }
  if (name === "format") {
    const pattern = stringArgument(receiver ? call.arguments[0] : call.arguments[1]);
    if (pattern === undefined || !isDateOnlyPattern(pattern)) return undefined;
    const source = receiver ?? call.arguments[0];
    if (source == null) return undefined;
    const kind = classifyVolatileValue(source);
    return kind === "time" ? "day" : undefined;
  }
  return undefined;
}

/** `date.toISOString().split("T")[0]`. */
function isDatePartOfIsoString(member: TSESTree.MemberExpression): boolean {
  if (!member.computed || numberArgument(member.property) !== 0) return false;
  const split = member.object;
  if (split.type !== AST_NODE_TYPES.CallExpression || calleeNameOf(split.callee) !== "split") return false;
  const separator = stringArgument(split.arguments[0]);
  if (separator !== "T" && separator !== " ") return false;
  return split.callee.type === AST_NODE_TYPES.MemberExpression && classifyVolatileValue(split.callee.object) === "time";
}

const MAX_WALK = 64;

/**
 * Guesses, from the expression alone, why an inserted value changes between requests. Only evidence in the
 * expression counts (names, `new Date()`, `Date.now()`, `crypto.randomUUID()`, `Math.random()`); function bodies are
 * not entered.
 */
export function classifyVolatileValue(node: TSESTree.Node): VolatileKind {
  const found = new Set<VolatileKind>();
  let budget = MAX_WALK;

  const visit = (current: TSESTree.Node | null | undefined): void => {
    if (!current || budget <= 0) return;
    budget -= 1;
    switch (current.type) {
      case AST_NODE_TYPES.Identifier:
        found.add(kindOfName(current.name));
        return;
      case AST_NODE_TYPES.PrivateIdentifier:
        found.add(kindOfName(current.name));
        return;
      case AST_NODE_TYPES.ThisExpression:
        return;
      case AST_NODE_TYPES.MemberExpression: {
        if (isDatePartOfIsoString(current)) {
          found.add("day");
          return;
        }
        visit(current.object);
        if (!current.computed) visit(current.property);
        else if (current.property.type === AST_NODE_TYPES.Literal && typeof current.property.value === "string") {
          found.add(kindOfName(current.property.value));
        } else {
          visit(current.property);
        }
        return;
      }
      case AST_NODE_TYPES.NewExpression:
        if (current.callee.type === AST_NODE_TYPES.Identifier && current.callee.name === "Date") {
          found.add("time");
          return;
        }
        visit(current.callee);
        current.arguments.forEach(visit);
        return;
      case AST_NODE_TYPES.CallExpression: {
        const callee = current.callee;
        const calleeName = calleeNameOf(callee);
        const dateKind = dateRenderingKind(current, calleeName);
        if (dateKind !== undefined) {
          found.add(dateKind);
          return;
        }
        if (calleeName !== undefined && TIME_METHODS.has(calleeName)) found.add("time");
        if (calleeName !== undefined && DAY_METHODS.has(calleeName)) found.add("day");
        if (calleeName !== undefined && CLOCK_FUNCTIONS.has(calleeName) && current.arguments.length === 0) found.add("time");
        if (calleeName !== undefined && ID_FUNCTIONS.has(calleeName)) found.add("id");
        visit(callee);
        current.arguments.forEach(visit);
        return;
      }
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
        visit(current.expression);
        return;
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.UnaryExpression:
        visit(current.argument);
        return;
      case AST_NODE_TYPES.TemplateLiteral:
        current.expressions.forEach(visit);
        return;
      case AST_NODE_TYPES.TaggedTemplateExpression:
        visit(current.tag);
        visit(current.quasi);
        return;
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.LogicalExpression:
        visit(current.left);
        visit(current.right);
        return;
      case AST_NODE_TYPES.ConditionalExpression:
        visit(current.consequent);
        visit(current.alternate);
        return;
      case AST_NODE_TYPES.ArrayExpression:
        current.elements.forEach((element) => visit(element));
        return;
      default:
        return;
    }
  };

  visit(node);
  return strongestVolatileKind(found);
}
