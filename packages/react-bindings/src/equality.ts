// Equality for selections that are rebuilt on every state change: the same
// contents must keep the previous reference, or every change re-renders.

function sameEntries(a: unknown, b: unknown, entryEqual: (x: unknown, y: unknown) => boolean): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length
    && keys.every((key) => Object.hasOwn(b, key) && entryEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Equal when both are the same, or arrays/objects whose items or own fields are the same (one level). */
export function shallowEqual<T>(a: T, b: T): boolean {
  return sameEntries(a, b, Object.is);
}

/** Lists or records of freshly built items (offer cards, controls): equal when each entry is shallowly equal. */
export function itemsEqual<T>(a: T, b: T): boolean {
  return sameEntries(a, b, shallowEqual);
}
