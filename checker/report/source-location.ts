import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where in a TypeScript model an exception was thrown: ` (at models/x.ts:12:7)`,
 * from the first stack frame in a .ts file, or '' when there is none. TypeScript
 * models are loaded with their lines intact (checker/loader/), so the line is the
 * one in the user's editor; compiled .js models have no such pointer to give.
 */
export function typeScriptLocation(error: unknown): string {
  const stack = (error as { stack?: unknown })?.stack;
  if (typeof stack !== 'string') return '';
  const frame = /(file:\/\/\/[^\s()]+?\.m?ts):(\d+):(\d+)/.exec(stack);
  if (!frame) return '';
  return ` (at ${relative(process.cwd(), fileURLToPath(frame[1]!))}:${frame[2]}:${frame[3]})`;
}
