/** The name of one run's batch stream, and small helpers shared by the coordinator and workers. */
export const RUN_ID = /^[a-z0-9]{8,32}$/;

export const batchStreamOf = (runId: string) => `VIGIL_BATCHES_${runId}`;
export const registryUrl = new URL('../../models/registry.js', import.meta.url).href;

/** Parses a JSON message; null when it is not JSON (input from the network). */
export function parseJson<T>(data: Uint8Array): T | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(data)) as unknown;
    return typeof value === 'object' && value !== null ? (value as T) : null;
  } catch {
    return null;
  }
}
