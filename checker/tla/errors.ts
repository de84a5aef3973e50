import { ConfigError, ExitCode, SpecLoadError, VigilError } from '../errors.js';
import type { Location } from './ast.js';

/** A TLA+ module that cannot be parsed or resolved (exit 150, as SANY's failures). */
export class TlaLoadError extends SpecLoadError {}

/** A .cfg file that cannot be read or names something the spec lacks (exit 151). */
export class TlaConfigError extends ConfigError {}

/** An evaluation error as TLC reports it, with the spec location (exit 75). */
export class TlaEvalError extends VigilError {
  constructor(
    message: string,
    readonly at: Location | undefined,
  ) {
    super(at ? `${message}\nline ${at.line}, col ${at.column} of module ${moduleOf(at.file)} (${at.file})` : message, ExitCode.evaluation);
    this.name = 'TlaEvalError';
  }
}

/**
 * The evaluation error an exception stands for: a TlaEvalError itself, or a
 * JavaScript stack overflow, which TLC reports as its StackOverflowError (an
 * evaluation error, exit 75) rather than a crash. null for anything else.
 */
export function asEvalError(error: unknown): TlaEvalError | null {
  if (error instanceof TlaEvalError) return error;
  if (error instanceof RangeError && /call stack size/.test(error.message)) {
    return new TlaEvalError(
      'The evaluation overflowed the stack: a recursive definition that never reaches its base case, or a recursion deeper than the stack allows (the vigil command sizes its stack from ulimit -s: raise that limit).',
      undefined,
    );
  }
  return null;
}

/** A construct or module this front end does not support (reported, never guessed). */
export class TlaUnsupportedError extends SpecLoadError {
  constructor(
    readonly construct: string,
    at: Location | undefined,
  ) {
    super(`${at ? `${at.file}:${at.line}:${at.column}: ` : ''}unsupported: ${construct}`);
    this.name = 'TlaUnsupportedError';
  }
}

function moduleOf(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.tla$/, '');
}

/** A PROPERTY whose form the temporal checker does not handle (exit 151: the configuration asks for it). */
export class TlaUnsupportedPropertyError extends ConfigError {
  constructor(message: string, at: Location | undefined) {
    super(`${at ? `${at.file}:${at.line}:${at.column}: ` : ''}unsupported: ${message}`);
    this.name = 'TlaUnsupportedPropertyError';
  }
}
