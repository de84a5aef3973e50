import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';

/**
 * The yaml package is loaded on the first YAML file, not at start-up: it is most of
 * the CLI's module-loading time, and a plain `vigil check` reads no YAML.
 */
type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

/**
 * Reads a YAML file into plain data, turning every failure into one ConfigError
 * line that names the file (and line and column for syntax errors).
 */
export function readYamlFile(file: string): unknown {
  let text: string;
  try {
    refuseLargeFile(file, MAX_YAML_BYTES, '1 MiB');
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    // Merge keys (`<<: *anchor`) let a suite's rows share a base configuration.
    return yaml().parse(text, { merge: true });
  } catch (error) {
    if (error instanceof yaml().YAMLParseError) {
      const where = error.linePos?.[0] ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
      const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new ConfigError(`${file}${where}: malformed YAML: ${first}`);
    }
    throw new ConfigError(`${file}: malformed YAML: ${(error as Error).message}`);
  }
}

/** A parsed YAML document takes tens of times its size in memory: run configurations and suites are small. */
const MAX_YAML_BYTES = 1 << 20;

/** Refuses an input file larger than `limit` bytes before reading it (everything read from outside is hostile). */
export function refuseLargeFile(file: string, limit: number, shown: string): void {
  const size = statSync(file).size;
  if (size > limit) throw new ConfigError(`${file}: the file has ${size.toLocaleString('en-US')} bytes, more than the ${shown} allowed`);
}

/** Field access with errors that name the file and the field path. */
export class FieldReader {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  object(): Record<string, unknown> {
    if (this.value === null || typeof this.value !== 'object' || Array.isArray(this.value)) this.fail('expected a mapping');
    return this.value as Record<string, unknown>;
  }

  field(name: string): FieldReader {
    const object = this.object();
    return new FieldReader(this.file, this.path ? `${this.path}.${name}` : name, object[name]);
  }

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  string(): string {
    if (typeof this.value !== 'string' || this.value === '') this.fail('expected a non-empty string');
    return this.value as string;
  }

  optionalString(): string | undefined {
    return this.present ? this.string() : undefined;
  }

  optionalNumber(): number | undefined {
    if (!this.present) return undefined;
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail('expected a number');
    return this.value as number;
  }

  optionalPositiveInteger(): number | undefined {
    if (!this.present) return undefined;
    if (!Number.isInteger(this.value) || (this.value as number) < 1) this.fail('expected a positive integer');
    return this.value as number;
  }

  optionalBoolean(): boolean | undefined {
    if (!this.present) return undefined;
    if (typeof this.value !== 'boolean') this.fail('expected true or false');
    return this.value as boolean;
  }

  array(): FieldReader[] {
    if (!Array.isArray(this.value)) this.fail('expected a list');
    return (this.value as unknown[]).map((item, i) => new FieldReader(this.file, `${this.path}[${i}]`, item));
  }

  optionalStringList(): string[] | undefined {
    return this.present ? this.array().map((item) => item.string()) : undefined;
  }

  /** A mapping of constants; values stay raw for the constant parsers. */
  optionalConstants(): Record<string, unknown> {
    return this.present ? { ...this.object() } : {};
  }

  /** Rejects keys outside `allowed`, so a typo never passes silently. */
  onlyKeys(allowed: readonly string[]): this {
    for (const key of Object.keys(this.object())) {
      if (!allowed.includes(key)) {
        throw new ConfigError(`${this.file}: ${this.path ? `${this.path}: ` : ''}unknown field ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})`);
      }
    }
    return this;
  }

  fail(message: string): never {
    throw new ConfigError(`${this.file}: ${this.path || 'top level'}: ${message}, got ${JSON.stringify(this.value) ?? 'nothing'}`);
  }
}
