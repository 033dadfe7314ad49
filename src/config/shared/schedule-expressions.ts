/**
 * The schedule expressions and time zones EventBridge Scheduler takes for a recurring schedule
 * (EventBridge Scheduler User Guide, "Schedule types on EventBridge Scheduler"): `rate(value unit)`,
 * a positive whole value and minute(s), hour(s) or day(s); `cron(fields)`, six fields (minutes hours
 * day-of-month month day-of-week year) with the EventBridge cron syntax, where one of day-of-month and
 * day-of-week is `?`. One-time `at(...)` schedules are not jobs.
 */

/** A rate expression. */
const RATE = /^rate\((\d+) (minutes?|hours?|days?)\)$/;

/** One cron field: its name, its range, the names it takes for values, and its wildcards. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly wildcards: string;
  /** Single items of the field's own syntax beyond values, ranges, `*` and increments, and whether an item is one. */
  readonly special?: (item: string, field: CronField) => boolean;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** Whether `text` is a whole number within the field's range. */
const inRange = (text: string, field: CronField) => /^\d{1,4}$/.test(text) && Number(text) >= field.min && Number(text) <= field.max;

/** The fields of a cron expression, in order (EventBridge User Guide, "Cron expressions"). */
const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59, wildcards: ", - * /" },
  { name: "hours", min: 0, max: 23, wildcards: ", - * /" },
  {
    name: "day-of-month",
    min: 1,
    max: 31,
    wildcards: ", - * ? / L W",
    // L (the month's last day), LW (its last weekday), <day>W (the weekday nearest the day).
    special: (item, field) => item === "L" || item === "LW" || (item.endsWith("W") && inRange(item.slice(0, -1), field)),
  },
  { name: "month", min: 1, max: 12, names: MONTHS, wildcards: ", - * /" },
  {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: WEEKDAYS,
    wildcards: ", - * ? L #",
    // L (the week's last day), <day>L (the month's last such day), <day>#<n> (its nth in the month, 1 to 5).
    special: (item, field) => {
      const value = (text: string) => inRange(text, field) || WEEKDAYS.includes(text.toUpperCase());
      if (item === "L") return true;
      if (item.endsWith("L")) return value(item.slice(0, -1));
      const nth = /^(.+)#([1-5])$/.exec(item);
      return nth !== null && value(nth[1]);
    },
  },
  { name: "year", min: 1970, max: 2199, wildcards: ", - * /" },
];

/** Whether one comma-separated item of a field is valid: `*`, a value or a range, with an optional `/<increment>`, or the field's special syntax. */
function validItem(item: string, field: CronField): boolean {
  if (field.special?.(item, field)) return true;
  const value = (text: string) => inRange(text, field) || (field.names?.includes(text.toUpperCase()) ?? false);
  const [base, increment, ...rest] = item.split("/");
  if (rest.length > 0 || (increment !== undefined && !(/^\d{1,4}$/.test(increment) && Number(increment) >= 1 && Number(increment) <= field.max))) return false;
  if (base === "*") return true;
  const range = base.split("-");
  return range.length <= 2 && range.every(value);
}

/** What a cron field accepts, for messages. */
const accepts = (field: CronField) => `${field.name} takes ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""}, with the wildcards ${field.wildcards}`;

/** Why the fields of a cron expression are not valid, or undefined when they are. */
function cronProblem(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== CRON_FIELDS.length) {
    return `has ${fields.length} cron field(s): a cron expression has six (minutes hours day-of-month month day-of-week year), such as cron(0 3 * * ? *)`;
  }
  for (const [index, field] of CRON_FIELDS.entries()) {
    const text = fields[index];
    const question = text === "?" && field.wildcards.includes("?");
    if (!question && !text.split(",").every((item) => validItem(item, field))) return `has the ${field.name} field "${text}", which is not valid: ${accepts(field)}`;
  }
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    return `must have ? in exactly one of day-of-month ("${dayOfMonth}") and day-of-week ("${dayOfWeek}"): EventBridge Scheduler takes one of them, such as cron(0 3 * * ? *) or cron(0 3 ? * MON-FRI *)`;
  }
  return undefined;
}

/** Why `text` is not a recurring schedule expression EventBridge Scheduler takes, or undefined when it is. */
export function scheduleExpressionProblem(text: string): string | undefined {
  const rate = RATE.exec(text);
  if (rate) return Number(rate[1]) >= 1 ? undefined : "must be rate(<value> <unit>) with a value of at least 1, such as rate(1 hour) or rate(15 minutes)";
  if (text.startsWith("rate(")) return "must be rate(<value> <unit>): a whole number of at least 1, one space, and minute, minutes, hour, hours, day or days, such as rate(15 minutes)";
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return cronProblem(cron[1]);
  return "must be a cron(...) or rate(...) expression, such as cron(0 3 * * ? *) (03:00 every day) or rate(1 hour); one-time at(...) schedules are not jobs";
}

/**
 * Why `text` is not an IANA time zone name EventBridge Scheduler takes, or undefined when it is:
 * `UTC`, or an Area/Location name that the runtime's time zone database knows, spelt as the
 * database spells it (names are case-sensitive).
 */
export function timeZoneProblem(text: string): string | undefined {
  const message = "must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC";
  if (!/^(UTC|[A-Z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+){1,2})$/.test(text)) return message;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return message;
  }
  return resolved.toLowerCase() === text.toLowerCase() && resolved !== text ? `${message}, spelt ${resolved}` : undefined;
}
