import { availableParallelism } from 'node:os';
import { ConfigError } from '../errors.js';
import { MAX_WORKERS } from '../parallel/protocol.js';

/** `--workers N|auto`: auto is the number of cores (at most MAX_WORKERS). */
export function parseWorkers(text: string | undefined): number {
  if (text === undefined) return 1;
  if (text === 'auto') return Math.min(availableParallelism(), MAX_WORKERS);
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= MAX_WORKERS)) throw new ConfigError(`--workers: expected an integer from 1 to ${MAX_WORKERS} or auto, got "${text}"`);
  return value;
}
