import { createHash } from 'node:crypto';
import { sourceFiles, sourceText } from '../../spec/source-location.js';
import { ConfigError } from '../errors.js';
import type { RuntimeModel } from '../runtime-model.js';

/**
 * A permalink names the behaviour AND the model it belongs to: the model's name,
 * every constant, and a hash of the model's source. The same successor indices
 * lead elsewhere in another configuration (or after the model was edited), so an
 * explorer refuses a link made for something else, with one line saying what
 * differs, instead of silently showing another behaviour.
 *
 * In a URL it is the fragment `#model=vfio-pm&c.mutant=M1&...&hash=1a2b3c4d5e6f&path=0/3/1`.
 */
export interface ModelIdentity {
  readonly model: string;
  readonly constants: Readonly<Record<string, string>>;
  /** 12 hex digits of SHA-256 over the model's source files (or its definitions' text). */
  readonly source: string;
}

const identities = new WeakMap<RuntimeModel<any>, ModelIdentity>();

export function modelIdentity(model: RuntimeModel<any>): ModelIdentity {
  let identity = identities.get(model);
  if (!identity) {
    identity = {
      model: model.name,
      constants: Object.fromEntries(Object.entries(model.constants).map(([k, v]) => [k, String(v)])),
      source: sourceHash(model),
    };
    identities.set(model, identity);
  }
  return identity;
}

/** The source files the model's declarations came from; without any, the definitions' own text. */
function sourceHash(model: RuntimeModel<any>): string {
  const def = model.def;
  const hash = createHash('sha256');
  const sites = [...def.actions, ...def.invariants, ...def.possibles, ...def.actionProperties].map((d) => d.site);
  const files = sourceFiles(sites);
  for (const file of files) hash.update(`${sourceText(file) ?? ''}\n`);
  if (files.length === 0) {
    for (const action of def.actions) hash.update(`${action.name}\n${String(action.when)}\n${String(action.effect)}\n`);
    for (const p of [...def.invariants, ...def.possibles, ...def.actionProperties]) hash.update(`${p.name}\n${String(p.holds)}\n`);
  }
  return hash.digest('hex').slice(0, 12);
}

export function encodePermalink(identity: ModelIdentity, path: string): string {
  const params = new URLSearchParams();
  params.set('model', identity.model);
  for (const [name, value] of Object.entries(identity.constants)) params.set(`c.${name}`, value);
  params.set('hash', identity.source);
  params.set('path', path);
  return params.toString().replace(/%2F/g, '/').replace(/%2C/g, ',');
}

/** A permalink's identity and path; a bare path (`0/1/5`) has no identity. */
export function decodePermalink(fragment: string): { identity: ModelIdentity | null; path: string } {
  if (!fragment.includes('=')) return { identity: null, path: fragment };
  const params = new URLSearchParams(fragment);
  const constants: Record<string, string> = Object.create(null);
  for (const [key, value] of params) if (key.startsWith('c.')) constants[key.slice(2)] = value;
  const model = params.get('model');
  const source = params.get('hash');
  const path = params.get('path');
  if (model === null || source === null || path === null) throw new ConfigError(`permalink "${fragment.slice(0, 120)}": expected model=, hash= and path=`);
  return { identity: { model, constants, source }, path };
}

/** Throws one line naming the first difference between a link's identity and the running model's. */
export function checkIdentity(link: ModelIdentity, running: ModelIdentity): void {
  if (link.model !== running.model) throw new ConfigError(`this permalink is for model ${link.model}, but this explorer runs ${running.model}; nothing was opened`);
  const names = [...new Set([...Object.keys(link.constants), ...Object.keys(running.constants)])].sort();
  const differ = names.filter((name) => link.constants[name] !== running.constants[name]);
  if (differ.length > 0) {
    const shown = differ.map((name) => `${name}=${link.constants[name] ?? '(none)'} (here ${running.constants[name] ?? '(none)'})`).join(', ');
    const flags = differ.filter((name) => link.constants[name] !== undefined).map((name) => `--const ${name}=${link.constants[name]}`).join(' ');
    throw new ConfigError(`this permalink is for other constants: ${shown}; nothing was opened (restart vigil explore ${link.model} with ${flags || 'its defaults'})`);
  }
  if (link.source !== running.source) {
    throw new ConfigError(`this permalink was made from another version of the model source (hash ${link.source}, here ${running.source}); nothing was opened`);
  }
}
