// The visitor's id for this tab: kept in sessionStorage so a reload stays the
// same visitor; `?visitor=<id>` picks one explicitly (handy for tests).
export function visitorId(): string {
  const given = new URLSearchParams(location.search).get('visitor');
  if (given && /^[A-Za-z0-9_.:-]{1,64}$/.test(given)) return given;
  const key = 'ringline.demo.visitorId';
  try {
    const kept = sessionStorage.getItem(key);
    if (kept) return kept;
    const made = `v-${crypto.randomUUID().slice(0, 8)}`;
    sessionStorage.setItem(key, made);
    return made;
  } catch {
    return `v-${crypto.randomUUID().slice(0, 8)}`;
  }
}
