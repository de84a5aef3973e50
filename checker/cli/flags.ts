import { ConfigError } from '../errors.js';

/** `--const NAME=VALUE` flags into a raw constants map (values parsed by the spec). */
export function parseConstantFlags(flags: readonly string[]): Record<string, string> {
  const constants: Record<string, string> = Object.create(null); // "__proto__" is a name like any other
  for (const flag of flags) {
    const match = /^([A-Za-z_][\w]*)=(.*)$/.exec(flag);
    if (!match) throw new ConfigError(`--const ${flag}: expected NAME=VALUE`);
    constants[match[1]!] = match[2]!;
  }
  return constants;
}

/** A flag that takes a positive number (seconds, for example). */
export function positiveNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${flag}: expected a positive number, got "${text}"`);
  return value;
}

/** `512M`, `2G`, `1048576` into bytes. */
export function parseSize(text: string, flag = '--max-memory'): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(text.trim());
  if (!match) throw new ConfigError(`${flag}: expected a size such as 512M or 2G, got "${text}"`);
  const scale = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[match[2]!.toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  return Math.floor(Number(match[1]) * scale);
}

/** A decimal integer >= 1 (not 2.5, 0x5 or 1e3). */
export function positiveInteger(text: string, flag: string): number {
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new ConfigError(`${flag}: expected a positive integer, got "${text}"`);
  return Number(text);
}
