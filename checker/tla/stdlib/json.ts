import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BuiltinArgs } from '../scope.js';
import { asFunction, FcnValue, formatValue, LazyFcn, makeRecord, ModelValue, SetValue, TupleValue, typeName, type Value } from '../values.js';
import { evalFail, members, table } from './core.js';
import { readSpecFile, specFile, writeSpecFile } from './spec-files.js';

/**
 * The community module Json as TLC's Java override computes it: records and
 * functions become objects (a function whose domain is 1..n an array), tuples
 * and sets arrays (sets in normal order), strings and model values strings,
 * integers and booleans themselves; written compactly, as Gson writes. The
 * (nd)Json(De)Serialize operators read and write files beside the spec
 * (spec-files.ts). A difference: Vigil writes an object's keys in the normal
 * order of strings, TLC in its own order of strings (the order it first read
 * them), so the same object can list its keys in another order.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Gson also escapes U+2028 and U+2029, which JSON.stringify leaves as they are. */
function serialize(j: Json): string {
  return JSON.stringify(j).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function fail(a: BuiltinArgs, v: Value): never {
  return evalFail(`Cannot convert value to JSON: ${typeName(v)} ${formatValue(v)} is not supported.`, a);
}

/** A key as TLC writes a function's domain element: a string bare, anything else as TLC prints it. */
function keyText(k: Value): string {
  return typeof k === 'string' ? k : formatValue(k);
}

function node(a: BuiltinArgs, v: Value): Json {
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof ModelValue) return v.name;
  if (v instanceof TupleValue) return v.items.map((x) => node(a, x));
  if (v instanceof SetValue) return members(a, v).map((x) => node(a, x));
  return objectNode(a, v);
}

/** An object, or an array for a function whose domain is 1..n (TupleValue here). */
function objectNode(a: BuiltinArgs, v: Value): Json {
  const f = v instanceof LazyFcn ? v.materialize() : v;
  if (f instanceof TupleValue) return node(a, f);
  if (!(f instanceof FcnValue)) return fail(a, v);
  const out: { [k: string]: Json } = {};
  f.keys.forEach((k, i) => (out[keyText(k)] = node(a, f.vals[i]!)));
  return out;
}

/** ToJsonArray: tuples, sets and functions over 1..n as arrays, other functions as objects; a record is TLC's error. */
function arrayNode(a: BuiltinArgs, v: Value): Json {
  if (v instanceof TupleValue || v instanceof SetValue) return node(a, v);
  const f = v instanceof LazyFcn ? v.materialize() : v;
  if (f instanceof FcnValue && !f.isRecord()) return objectNode(a, f);
  if (f instanceof TupleValue) return node(a, f);
  return fail(a, v);
}

/** ToJsonObject: records and functions as objects (over 1..n, TLC writes an array), a tuple as an object keyed "0", "1", ... */
function toObject(a: BuiltinArgs, v: Value): Json {
  if (v instanceof TupleValue) return Object.fromEntries(v.items.map((x, i) => [String(i), node(a, x)]));
  if (v instanceof FcnValue || v instanceof LazyFcn) return objectNode(a, v);
  return fail(a, v);
}

/** A JSON text as a TLA+ value: arrays as tuples, objects as records, numbers as (32-bit) integers. */
function fromJson(a: BuiltinArgs, j: unknown, where: string): Value {
  if (typeof j === 'boolean' || typeof j === 'string') return j;
  if (typeof j === 'number') {
    if (!Number.isInteger(j) || j > 2147483647 || j < -2147483648) evalFail(`${where}: the number ${j} is not a 32-bit integer.`, a);
    return j;
  }
  if (Array.isArray(j)) return new TupleValue(j.map((x) => fromJson(a, x, where)));
  if (j !== null && typeof j === 'object') return makeRecord(Object.entries(j).map(([k, x]) => [k, fromJson(a, x, where)]));
  return evalFail(`${where}: cannot convert the JSON value ${JSON.stringify(j)}.`, a);
}

function parse(a: BuiltinArgs, text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return evalFail(`${where}: not JSON: ${(error as Error).message}`, a);
  }
}

function path(a: BuiltinArgs): string {
  const p = a.val(0);
  if (typeof p !== 'string') evalFail(`Expected a file name (a string) but found ${typeName(p)} ${formatValue(p)}.`, a);
  return p;
}

function readJson(a: BuiltinArgs, name: string): string {
  const text = readSpecFile(a, name);
  if (text === null) evalFail(`${specFile(a, name)}: no such file.`, a);
  return text;
}

/** Writes beside the spec, creating the folders on the way as TLC does. */
function write(a: BuiltinArgs, name: string, text: string): boolean {
  mkdirSync(dirname(specFile(a, name)), { recursive: true });
  writeSpecFile(a, name, text);
  return true;
}

export const JSON_MODULE = table([
  ['ToJson', 1, (a) => serialize(node(a, a.val(0)))],
  ['ToJsonArray', 1, (a) => serialize(arrayNode(a, a.val(0)))],
  ['ToJsonObject', 1, (a) => serialize(toObject(a, a.val(0)))],
  [
    'JsonSerialize',
    2,
    (a) => {
      const v = a.val(1);
      if (!(v instanceof TupleValue) && !asFunction(v)?.keys.every((k) => typeof k === 'string')) evalFail(`The second argument of JsonSerialize should be a sequence or record, but instead it is:\n${formatValue(v)}`, a);
      return write(a, path(a), serialize(node(a, v)));
    },
  ],
  [
    'ndJsonSerialize',
    2,
    (a) => {
      const v = a.val(1);
      if (!(v instanceof TupleValue)) evalFail(`The second argument of ndJsonSerialize should be a sequence, but instead it is:\n${formatValue(v)}`, a);
      return write(a, path(a), v.items.map((x) => `${serialize(node(a, x))}\n`).join(''));
    },
  ],
  ['JsonDeserialize', 1, (a) => fromJson(a, parse(a, readJson(a, path(a)), path(a)), path(a))],
  [
    'ndJsonDeserialize',
    1,
    (a) => {
      const lines = readJson(a, path(a))
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
      return new TupleValue(lines.map((l, i) => fromJson(a, parse(a, l, `${path(a)} line ${i + 1}`), path(a))));
    },
  ],
]);
