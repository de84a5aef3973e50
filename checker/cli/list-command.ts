import { registry } from '../../models/registry.js';

/** `vigil list`: every registered model with its constants and defaults. */
export async function listCommand(): Promise<number> {
  for (const [name, load] of Object.entries(registry)) {
    const spec = (await load()).default;
    const constants = Object.entries(spec.constants as Record<string, { default: unknown }>).map(([k, d]) => `${k}=${String(d.default)}`);
    process.stdout.write(`${name.padEnd(34)} ${spec.description ?? ''}${constants.length ? `  [${constants.join(' ')}]` : ''}\n`);
  }
  return 0;
}
