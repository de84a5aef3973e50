import { ConfigError } from '../errors.js';
import type { TraceStep } from '../trace/trace.js';
import { plain } from './json.js';

/**
 * Watch expressions: a JavaScript expression over the state `s`
 * (`s.usage - (s.openRef ? 1 : 0)`), evaluated at every state of a trace. This
 * runs the reviewer's own code, typed on their command line (`--watch`) or in
 * their explorer tab, never code that came with a trace or a web request.
 */
export interface WatchExpression {
  readonly name: string;
  readonly expression: string;
}

/** `--watch NAME=EXPR`. */
export function parseWatch(text: string): WatchExpression {
  const match = /^([A-Za-z_][\w-]{0,40})=(.+)$/s.exec(text);
  if (!match) throw new ConfigError(`--watch ${text}: expected NAME=EXPRESSION, such as drift=s.usage-1`);
  try {
    compile(match[2]!);
  } catch (error) {
    throw new ConfigError(`--watch ${match[1]}: not a JavaScript expression: ${(error as Error).message}`);
  }
  return { name: match[1]!, expression: match[2]! };
}

export function evaluateWatches(watches: readonly WatchExpression[], trace: readonly TraceStep[]): { name: string; values: string[] }[] {
  return watches.map((watch) => {
    const evaluate = compile(watch.expression);
    return {
      name: watch.name,
      values: trace.map((step) => {
        try {
          return JSON.stringify(evaluate(plain(step.state))) ?? 'undefined';
        } catch (error) {
          return `\u26a0 ${(error as Error).message}`;
        }
      }),
    };
  });
}

function compile(expression: string): (s: unknown) => unknown {
  return new Function('s', `"use strict"; return (${expression}\n);`) as (s: unknown) => unknown;
}
