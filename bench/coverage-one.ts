// Child process of coverage.ts: one check, with or without coverage; prints its CPU milliseconds and counts.
import { check } from '../checker/index.js';
import { registry } from '../models/registry.js';

const [model, constantsJson, coverage] = process.argv.slice(2);
const spec = (await registry[model!]!()).default;
const before = process.cpuUsage();
const result = check(spec, { constants: JSON.parse(constantsJson!), coverage: coverage === 'coverage' });
const used = process.cpuUsage(before);
process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, distinct: result.distinctStates, generated: result.generatedStates }));
