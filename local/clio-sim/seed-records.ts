import { nextIdOf, stamps, upsert } from './store.js';
import type { ClioSimState, ParsedClioSimSeed } from './types.js';
import type { SimFolder } from './types-records.js';

const sameId = (a: { id: number }, b: { id: number }): boolean => a.id === b.id;
const nextId = (list: ReadonlyArray<{ id: number }>): number => nextIdOf(list.map((item) => item.id));

/** Merges the seed's relationships, activity descriptions, activities, notes and folders into `d`. */
export function seedRecords(d: ClioSimState, seed: ParsedClioSimSeed): void {
  for (const r of seed.relationships) {
    upsert(d.relationships, { ...r, id: r.id ?? nextId(d.relationships), ...stamps(r) }, sameId);
  }
  for (const a of seed.activityDescriptions) {
    upsert(d.activityDescriptions, { ...a, id: a.id ?? nextId(d.activityDescriptions), ...stamps(a) }, sameId);
  }
  for (const a of seed.activities) {
    const user = a.user ?? (d.users[0] ? { id: d.users[0].id } : { id: 1 });
    upsert(d.activities, { ...a, date: a.date.slice(0, 10), user, id: a.id ?? nextId(d.activities), ...stamps(a) }, sameId);
  }
  for (const n of seed.notes) {
    const author = n.author ?? (d.users[0] ? { id: d.users[0].id } : { id: 1 });
    upsert(d.notes, { ...n, author, id: n.id ?? nextId(d.notes), ...stamps(n) }, sameId);
  }
  for (const f of seed.folders) {
    const folder: SimFolder = { ...f, id: f.id ?? nextId(d.folders), ...stamps(f) };
    upsert(d.folders, folder, sameId);
  }
}
