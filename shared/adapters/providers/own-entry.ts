/**
 * The table's own entry for a key a provider sent, never one inherited from `Object.prototype`: a plain
 * `table[key]` answers a function for `constructor`, `toString` or `__proto__`, which then becomes an event's kind or status.
 */
export const ownEntry = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);
