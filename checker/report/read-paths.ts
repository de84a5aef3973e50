import { formatValue } from '../state/format-value.js';

/**
 * Runs `body` over a recording proxy of `state` and returns the parts of the
 * state it read, as paths with their values: `task = "UNINTERRUPTIBLE"`,
 * `P[0].pc = "wait"`. Records are followed field by field, so a guard that reads
 * one process's pc names that pc rather than the whole process table; a value
 * used as a whole (a set, a sequence, a record passed on) is reported whole.
 * Only for explanations: it runs on a few trace states, never in the search.
 */
export interface PathRead {
  readonly path: string;
  readonly value: string;
}

export function recordPaths(state: object, body: (proxy: any) => unknown): { result: unknown; reads: PathRead[] } {
  const leaves = new Map<string, unknown>();
  const wholes = new Set<string>();
  const order: string[] = [];
  const note = (path: string) => {
    if (!order.includes(path)) order.push(path);
  };
  const proxies = new WeakMap<object, object>();
  const wrap = (target: object, path: string): object => {
    const known = proxies.get(target);
    if (known) return known;
    const proxy = new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver);
        if (typeof key !== 'string' || typeof value === 'function' || !Object.hasOwn(object, key)) {
          // A method, an iterator or a length: the value is used as a whole.
          if (path) wholes.add(path), note(path);
          return value;
        }
        const child = childPath(path, key);
        if (value !== null && typeof value === 'object' && isPlain(value)) return wrap(value, child);
        leaves.set(child, value), note(child);
        return value;
      },
    });
    proxies.set(target, proxy);
    return proxy;
  };
  let result: unknown;
  try {
    result = body(wrap(state, ''));
  } catch (error) {
    result = error;
  }
  const reads: PathRead[] = [];
  const covered = (path: string) => [...wholes].some((w) => path !== w && (path.startsWith(`${w}.`) || path.startsWith(`${w}[`)));
  for (const path of order) {
    if (covered(path)) continue;
    reads.push({ path, value: formatValue(wholes.has(path) ? valueAt(state, path) : leaves.get(path)) });
  }
  return { result, reads };
}

/** Plain records and arrays are followed; sets and other objects are read whole. */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Array.isArray(value);
}

/** `P` + `0` → `P[0]`, `P[0]` + `pc` → `P[0].pc`. */
function childPath(path: string, key: string): string {
  if (!path) return key;
  if (/^\d+$/.test(key)) return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function valueAt(state: object, path: string): unknown {
  let at: any = state;
  for (const part of path.match(/[^.[\]]+|\["[^"]*"\]/g) ?? []) {
    const key = part.startsWith('["') ? JSON.parse(part.slice(1, -1)) : part;
    at = at?.[key];
  }
  return at;
}
