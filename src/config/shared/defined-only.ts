/** A copy of a record without its undefined values, so that spreading it keeps the defaults underneath. */
export function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
