import { describeWriteError, writeFileAtomically } from '../files/complete-write.js';
import { ExitCode } from '../errors.js';

/**
 * Writes the outputs a run asked for. A file that cannot be written is one line
 * on stderr; the run goes on (its verdict is still printed) and `exitCode` keeps
 * the verdict's code, except that a passing run (0) becomes 153: the exit code
 * never hides a violation, and never says "all done" when an output is missing.
 */
export class OutputFiles {
  private failed = false;

  /** True if written. */
  write(flag: string, file: string, text: () => string): boolean {
    try {
      writeFileAtomically(file, text());
      return true;
    } catch (error) {
      this.fail(flag, file, error);
      return false;
    }
  }

  fail(flag: string, file: string, error: unknown): void {
    this.failed = true;
    process.stderr.write(`vigil: ${flag} ${file}: cannot write the file: ${describeWriteError(error)}\n`);
  }

  exitCode(verdictCode: number): number {
    return this.failed && verdictCode === 0 ? ExitCode.system : verdictCode;
  }
}
