import { register } from 'node:module';

/**
 * Lets this process import `.ts` files (models, and the local modules they import).
 * Imported for its effect by `node --import vigil-mc/register` (for example from
 * ava's `nodeArguments`), and called by the CLI before it loads a `.ts` model.
 */
let registered = false;

export function registerTypeScriptLoader(): void {
  if (registered) return;
  registered = true;
  register(new URL('./ts-hooks.js', import.meta.url));
}

registerTypeScriptLoader();
