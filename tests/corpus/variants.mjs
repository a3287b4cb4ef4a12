// Option variants of every rule, derived from its schema so that a new option is covered without editing
// this file: the defaults, then each option changed on its own (booleans flipped, every other enum value,
// numbers moved to their minimum or just above it, strings replaced).

/** A value different from `current` that the property's schema accepts. */
function changedValues(property, current) {
  if (Array.isArray(property.enum)) return property.enum.filter((value) => value !== current);
  switch (property.type) {
    case "boolean":
      return [!(current ?? false)];
    case "integer":
    case "number": {
      const minimum = property.minimum ?? (property.exclusiveMinimum === undefined ? 0 : property.exclusiveMinimum + 1);
      // The smallest accepted value is the most demanding setting (minTokens: 1 reports every prompt).
      return [current === minimum ? minimum + 1 : minimum];
    }
    case "string":
      return ["#vendored/llm-runtime"];
    case "array":
      return [[]];
    default:
      return [];
  }
}

/**
 * @param {import("eslint").Rule.RuleModule} rule
 * @returns {{ label: string, options: unknown[] }[]} the first entry is the defaults
 */
export function optionVariants(rule) {
  const schema = Array.isArray(rule.meta?.schema) ? rule.meta.schema[0] : undefined;
  const defaults = { ...(rule.meta?.defaultOptions?.[0] ?? {}) };
  const variants = [{ label: "defaults", options: [] }];
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    for (const value of changedValues(property, defaults[name])) {
      variants.push({ label: `${name}=${JSON.stringify(value)}`, options: [{ ...defaults, [name]: value }] });
    }
  }
  return variants;
}

/**
 * Rule configurations grouped into as few lint passes as possible: pass k runs every rule with its k-th
 * variant (or its defaults when it has fewer), so each rule × variant pair runs once.
 * @returns {{ label: string, rules: Record<string, unknown> }[]}
 */
export function variantPasses(rules, prefix = "llm-cost") {
  const byRule = Object.entries(rules).map(([name, rule]) => [name, optionVariants(rule)]);
  const passCount = Math.max(...byRule.map(([, variants]) => variants.length));
  return Array.from({ length: passCount }, (_, index) => ({
    label: byRule
      .filter(([, variants]) => index < variants.length)
      .map(([name, variants]) => `${name}(${variants[index].label})`)
      .join(" "),
    rules: Object.fromEntries(
      byRule.map(([name, variants]) => [`${prefix}/${name}`, ["error", ...(variants[index] ?? variants[0]).options]]),
    ),
  }));
}
