/**
 * Every combination of named domains, in declaration order with the last name
 * varying fastest: `{ r: [1, 2], v: [a, b] }` gives r1a, r1b, r2a, r2b. This order
 * fixes the order of action instances, and so successor numbering in traces.
 */
export function combinations(domains: Readonly<Record<string, readonly unknown[]>>): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(domains)) {
    const next: Record<string, unknown>[] = [];
    for (const combo of combos) for (const value of values) next.push({ ...combo, [name]: value });
    combos = next;
  }
  return combos;
}
