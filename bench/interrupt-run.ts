// Child process of interrupt-overhead.ts: one checkAsync() run with a StopRequest
// (never triggered) and, when a directory is given, checkpoints at the default interval.
import { checkAsync, StopRequest } from '../checker/index.js';
import { registry } from '../models/registry.js';

const [model, constantsJson, dir] = process.argv.slice(2);
const spec = (await registry[model!]!()).default;
const result = await checkAsync(spec, { constants: JSON.parse(constantsJson!), stop: new StopRequest(), checkpoint: dir ? { dir } : undefined });
if (result.verdict !== 'ok') throw new Error(`unexpected verdict ${result.verdict}`);
