import { Explanation } from "./explanation";

/** A resolved value as one line: `none` for nothing, lists comma-separated, records as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return "none";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(formatValue).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** An explanation as aligned text: a heading per section, then `key  value  source` per setting. */
export function formatExplanation(explanation: Explanation): string {
  const rows = explanation.sections.flatMap((section) => section.settings);
  const keyWidth = Math.max(...rows.map((row) => row.key.length));
  const valueWidth = Math.min(36, Math.max(...rows.map((row) => formatValue(row.value).length)));
  const lines = [`Environment ${explanation.environment} (tier ${explanation.tier}): each setting, its value, and where it came from`];
  for (const section of explanation.sections) {
    lines.push("", section.title);
    for (const setting of section.settings) {
      lines.push(`  ${setting.key.padEnd(keyWidth)}  ${formatValue(setting.value).padEnd(valueWidth)}  ${setting.source}`);
    }
  }
  return lines.join("\n");
}
