import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";

/**
 * Why a value inserted into a text probably changes between requests:
 * `time` (clock readings, dates), `id` (request/session ids, random values), `identity` (who the user is),
 * `other` (unknown: may well be the same on every request, e.g. a tool list built at startup).
 */
export type VolatileKind = "time" | "id" | "identity" | "other";

/** Strongest first: a value that is both a date and a user's is reported as a date. */
const KIND_ORDER: readonly VolatileKind[] = ["time", "id", "identity", "other"];

export function strongestVolatileKind(kinds: Iterable<VolatileKind>): VolatileKind {
  let best = KIND_ORDER.length - 1;
  for (const kind of kinds) best = Math.min(best, KIND_ORDER.indexOf(kind));
  return KIND_ORDER[best] ?? "other";
}

const TIME_WORDS = new Set(["date", "dates", "datetime", "time", "timestamp", "now", "today", "clock", "tomorrow", "yesterday"]);
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
const TIME_METHODS = new Set([
  "toISOString",
  "toJSON",
  "toDateString",
  "toTimeString",
  "toUTCString",
  "toGMTString",
  "toLocaleDateString",
  "toLocaleTimeString",
  "getTime",
]);
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
  if (words.some((word) => TIME_WORDS.has(word))) return "time";
  if (words.some((word) => ID_WORDS.has(word))) return "id";
  if (words.some((word) => IDENTITY_WORDS.has(word)) || IDENTITY_WORDS.has(joined)) return "identity";
  return "other";
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
        const calleeName =
          callee.type === AST_NODE_TYPES.Identifier
            ? callee.name
            : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
              ? callee.property.name
              : undefined;
        if (calleeName !== undefined && TIME_METHODS.has(calleeName)) found.add("time");
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
