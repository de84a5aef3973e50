import type { BuiltinArgs } from '../scope.js';
import { asFunction, formatValue, makeRecord, TupleValue, typeName, type Value } from '../values.js';
import { evalFail, table } from './core.js';
import { readSpecFile, writeSpecFile } from './spec-files.js';

/**
 * The community module CSV as TLC's Java override computes it, on files beside
 * the spec (spec-files.ts): CSVWrite appends one line made from a Java format
 * template (the values as TLC prints them; Vigil knows %s, %N$s, %n and %%),
 * CSVWriteRecord appends a record's values (after its field names when asked),
 * CSVRead reads each line into a record of strings (the delimiter a regular
 * expression, as Java's split), CSVRecords counts the lines (0 for a file that
 * does not exist, as CSVRead then gives <<>>).
 */

function text(a: BuiltinArgs, i: number, what: string): string {
  const v = a.val(i);
  if (typeof v !== 'string') evalFail(`${what} must be a string, not ${typeName(v)} ${formatValue(v)}.`, a);
  return v;
}

function sequence(a: BuiltinArgs, i: number, who: string): readonly Value[] {
  const v = a.val(i);
  if (v instanceof TupleValue) return v.items;
  const f = asFunction(v);
  if (f && f.keys.length === 0) return [];
  return evalFail(`The argument of ${who} should be a sequence, but instead it is:\n${formatValue(v)}`, a);
}

/** Java's String.format for the conversions a CSV template uses: %s, %N$s, %n and %%. */
function format(a: BuiltinArgs, template: string, params: string[]): string {
  let next = 0;
  return template.replace(/%(?:(\d+)\$)?([a-zA-Z%])/g, (whole, index: string | undefined, conversion: string) => {
    if (conversion === '%') return '%';
    if (conversion === 'n') return '\n';
    if (conversion !== 's') evalFail(`CSVWrite: the template's conversion ${whole} is not supported (Vigil knows %s, %N$s, %n and %%).`, a);
    const i = index !== undefined ? Number(index) - 1 : next++;
    if (i < 0 || i >= params.length) evalFail(`CSVWrite: the template's ${whole} has no value (${params.length} given).`, a);
    return params[i]!;
  });
}

/** The lines of a file as Java's Files.readAllLines gives them (no empty last line after a final line break). */
function lines(content: string): string[] {
  if (content === '') return [];
  const all = content.split(/\r\n|\n|\r/);
  if (all[all.length - 1] === '') all.pop();
  return all;
}

/** Java's String.split: a regular expression, trailing empty strings dropped. */
function split(a: BuiltinArgs, line: string, delimiter: string): string[] {
  let re: RegExp;
  try {
    re = new RegExp(delimiter);
  } catch (error) {
    return evalFail(`CSVRead: the delimiter ${JSON.stringify(delimiter)} is not a regular expression: ${(error as Error).message}`, a);
  }
  const parts = line.split(re);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export const CSV = table([
  [
    'CSVWrite',
    3,
    (a) => {
      const line = format(a, text(a, 0, 'The template of CSVWrite'), sequence(a, 1, 'CSVWrite').map(formatValue));
      writeSpecFile(a, text(a, 2, 'The file of CSVWrite'), `${line}\n`, true);
      return true;
    },
  ],
  [
    'CSVWriteRecord',
    4,
    (a) => {
      const r = asFunction(a.val(0));
      if (!r || !r.keys.every((k) => typeof k === 'string')) evalFail(`The argument of CSVWriteRecord should be a record, but instead it is:\n${formatValue(a.val(0))}`, a);
      const delimiter = text(a, 1, 'The delimiter of CSVWriteRecord');
      const headers = a.val(2);
      if (typeof headers !== 'boolean') evalFail(`CSVWriteRecord: the third argument must be a boolean, not ${formatValue(headers)}.`, a);
      const out = (headers ? `${(r.keys as string[]).join(delimiter)}\n` : '') + `${r.vals.map(formatValue).join(delimiter)}\n`;
      writeSpecFile(a, text(a, 3, 'The file of CSVWriteRecord'), out, true);
      return true;
    },
  ],
  [
    'CSVRead',
    3,
    (a) => {
      const columns = sequence(a, 0, 'CSVRead').map((c) => (typeof c === 'string' ? c : evalFail(`CSVRead: the column ${formatValue(c)} is not a string.`, a)));
      const delimiter = text(a, 1, 'The delimiter of CSVRead');
      const content = readSpecFile(a, text(a, 2, 'The file of CSVRead'));
      if (content === null) return new TupleValue([]);
      return new TupleValue(
        lines(content).map((line, n) => {
          const values = split(a, line, delimiter);
          if (values.length !== columns.length) evalFail(`CSVRead: line ${n + 1} has ${values.length} values for ${columns.length} columns.`, a);
          return makeRecord(columns.map((c, i) => [c, values[i]!]));
        }),
      );
    },
  ],
  [
    'CSVRecords',
    1,
    (a) => {
      const content = readSpecFile(a, text(a, 0, 'The file of CSVRecords'));
      return content === null ? 0 : lines(content).length;
    },
  ],
]);
