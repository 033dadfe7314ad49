/**
 * A model of EventBridge's event pattern matching, for the subset the platform writes: exact
 * values and `anything-but` (Amazon EventBridge User Guide, "Creating event patterns" and "Content
 * filtering in Amazon EventBridge event patterns"). Every field a pattern names must be in the
 * event; a pattern's array matches when any value of the event field matches any of its entries;
 * arrays in the event are flattened (an array of objects offers each object's field), and a
 * field missing from the event matches nothing, `anything-but` included.
 */
type Json = unknown;

/** The leaf values of an event at each path, arrays flattened: `detail.containers.exitCode` -> [1, 143]. */
function leaves(value: Json, path: string, into: Map<string, Json[]>): void {
  if (Array.isArray(value)) {
    for (const item of value) leaves(item, path, into);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, into);
  } else {
    into.set(path, [...(into.get(path) ?? []), value]);
  }
}

/** Whether one event value matches one entry of a pattern's array. */
function matchesEntry(value: Json, entry: Json): boolean {
  if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
    const [operator, operand] = Object.entries(entry)[0];
    if (operator === "anything-but") return !(Array.isArray(operand) ? operand : [operand]).includes(value);
    throw new Error(`the model has no ${operator} matching: add it from the EventBridge guide`);
  }
  return value === entry;
}

/** Whether an event matches a pattern. */
export function matchesPattern(pattern: Record<string, Json>, event: Record<string, Json>): boolean {
  const values = new Map<string, Json[]>();
  leaves(event, "", values);
  const check = (node: Record<string, Json>, path: string): boolean =>
    Object.entries(node).every(([key, child]) => {
      const at = path ? `${path}.${key}` : key;
      if (Array.isArray(child)) return (values.get(at) ?? []).some((value) => child.some((entry) => matchesEntry(value, entry)));
      return check(child as Record<string, Json>, at);
    });
  return check(pattern, "");
}
