import type { Spec } from '../../spec/spec.js';

/** Conformance translations, first half (see models/tlaplus/conformance.yaml). */
export const tlaplusPart1: Readonly<Record<string, () => Promise<{ default: Spec<any> }>>> = {};
