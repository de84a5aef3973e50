import type { Spec } from '../../spec/spec.js';

/** Conformance translations, second half (see models/tlaplus/conformance.yaml). */
export const tlaplusPart2: Readonly<Record<string, () => Promise<{ default: Spec<any> }>>> = {};
