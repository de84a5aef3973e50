import type { BuiltinArgs } from '../scope.js';
import { asFunction, compareValues, formatValue, makeFcn, makeRecord, TupleValue, typeName, type Value } from '../values.js';
import { evalFail, fnOf, int, table } from './core.js';
import { writeSpecFile, writtenRecord } from './spec-files.js';
import { TlaUnsupportedError } from '../errors.js';

/**
 * The community module SVG: elements are records [name, attrs, children,
 * innerText] built as the module's definitions build them (numbers through
 * ToString, the element's own attributes merged with the caller's, the
 * element's winning), and SVGElemToString, NodeOfRingNetwork and PointOnLine
 * compute what TLC's Java override computes. SVGSerialize writes the frame
 * PREFIX<nnn>.svg (see spec-files.ts for where). NodesOfDirectedMultiGraph is
 * refused: TLC lays the graph out with a graph-drawing library.
 */

type Fn = { keys: readonly Value[]; vals: readonly Value[] };

/** Merge(r1, r2): the union of the fields, r1's value where both have one. */
function merge(r1: Fn, r2: Fn): Value {
  const entries: [Value, Value][] = r1.keys.map((k, i) => [k, r1.vals[i]!]);
  r2.keys.forEach((k, i) => {
    if (!r1.keys.some((j) => compareValues(j, k) === 0)) entries.push([k, r2.vals[i]!]);
  });
  entries.sort((x, y) => compareValues(x[0], y[0]));
  return makeFcn(
    entries.map(([k]) => k),
    entries.map(([, v]) => v),
  );
}

function element(name: string, attrs: Value, children: Value, innerText: Value): Value {
  return makeRecord([
    ['name', name],
    ['attrs', attrs],
    ['children', children],
    ['innerText', innerText],
  ]);
}

/** An element whose own attributes are the numbers given, as strings, merged with the caller's attributes (argument `attrsAt`). */
function shape(a: BuiltinArgs, name: string, fields: [string, number][], attrsAt: number, innerText: Value = ''): Value {
  const own = makeRecord(fields.map(([k, i]) => [k, formatValue(a.val(i))]));
  return element(name, merge(asFunction(own)!, fnOf(a, attrsAt)), new TupleValue([]), innerText);
}

function field(a: BuiltinArgs, f: Fn, name: string): Value {
  const i = f.keys.indexOf(name);
  if (i < 0) evalFail(`An SVG element must be a record with the field ${name}.`, a);
  return f.vals[i]!;
}

function text(a: BuiltinArgs, v: Value, what: string): string {
  if (typeof v !== 'string') evalFail(`SVGElemToString: the ${what} must be a string, not ${typeName(v)} ${formatValue(v)}.`, a);
  return v;
}

/** SVGElemToString: <name k='v' ...>innerText children</name>, `_` in attribute names written `-`, << and >> escaped in the text. */
function elemToString(a: BuiltinArgs, elem: Value): string {
  const e = asFunction(elem);
  if (!e || !(e.keys.length > 0 && e.keys.every((k) => typeof k === 'string'))) evalFail(`An SVG element must be a record, not ${typeName(elem)} ${formatValue(elem)}.`, a);
  const name = text(a, field(a, e, 'name'), 'name');
  const attrs = asFunction(field(a, e, 'attrs'));
  if (!attrs) evalFail(`SVGElemToString: the attributes of ${name} are not a record.`, a);
  let attrText = '';
  attrs.keys.forEach((k, i) => {
    attrText += ` ${text(a, k, 'attribute name').replaceAll('_', '-')}='${text(a, attrs.vals[i]!, `attribute ${String(k)}`)}'`;
  });
  const children = asFunction(field(a, e, 'children'));
  if (!children) evalFail(`SVGElemToString: the children of ${name} are not a tuple or a function.`, a);
  const inner = text(a, field(a, e, 'innerText'), 'innerText').replaceAll('<<', '&lt;&lt;').replaceAll('>>', '&gt;&gt;');
  return `<${name}${attrText}>${inner}${children.vals.map((c) => elemToString(a, c)).join('')}</${name}>`;
}

function point(x: number, y: number): Value {
  return makeRecord([
    ['x', x],
    ['y', y],
  ]);
}

function coordinate(a: BuiltinArgs, i: number, name: 'x' | 'y'): number {
  const v = fnOf(a, i).lookup(name);
  if (typeof v !== 'number') evalFail(`PointOnLine: the argument has no integer field ${name}.`, a);
  return v;
}

/** zeroPadN(n, width): ToString(n) with zeros in front up to `width` characters. */
export function zeroPad(n: Value, width: number): string {
  const s = formatValue(n);
  return '0'.repeat(Math.max(0, width - s.length)) + s;
}

export const SVG = table([
  ['SVGElem', 4, (a) => element(a.val(0) as string, a.val(1), a.val(2), a.val(3))],
  ['Line', 5, (a) => shape(a, 'line', [['x1', 0], ['y1', 1], ['x2', 2], ['y2', 3]], 4)],
  ['Circle', 4, (a) => shape(a, 'circle', [['cx', 0], ['cy', 1], ['r', 2]], 3)],
  ['Rect', 5, (a) => shape(a, 'rect', [['x', 0], ['y', 1], ['width', 2], ['height', 3]], 4)],
  ['Text', 4, (a) => shape(a, 'text', [['x', 0], ['y', 1]], 3, a.val(2))],
  [
    'Image',
    6,
    (a) => {
      const own = makeRecord([['xlink:href', a.val(4)], ...(['x', 'y', 'width', 'height'] as const).map((k, i): [string, Value] => [k, formatValue(a.val(i))])]);
      return element('image', merge(asFunction(own)!, fnOf(a, 5)), new TupleValue([]), '');
    },
  ],
  ['Group', 2, (a) => element('g', a.val(1), a.val(0), '')],
  ['Svg', 2, (a) => element('svg', a.val(1), a.val(0), '')],
  [
    'SVGDoc',
    6,
    (a) => {
      const viewBox = [1, 2, 3, 4].map((i) => formatValue(a.val(i))).join(' ');
      const own = makeRecord([
        ['xmlns:xlink', 'http://www.w3.org/1999/xlink'],
        ['xmlns', 'http://www.w3.org/2000/svg'],
        ['viewBox', viewBox],
      ]);
      return element('svg', merge(asFunction(own)!, fnOf(a, 5)), new TupleValue([a.val(0)]), '');
    },
  ],
  ['SVGElemToString', 1, (a) => elemToString(a, a.val(0))],
  [
    'NodeOfRingNetwork',
    5,
    (a) => {
      const angle = ((2 * Math.PI) / int(a, 4)) * int(a, 3);
      return point(Math.trunc(int(a, 0) + int(a, 2) * Math.cos(angle)), Math.trunc(int(a, 1) + int(a, 2) * Math.sin(angle)));
    },
  ],
  ['NodesOfDirectedMultiGraph', 3, (a) => {
    throw new TlaUnsupportedError('SVG!NodesOfDirectedMultiGraph (TLC lays the graph out with a graph-drawing library)', a.at);
  }],
  [
    'PointOnLine',
    3,
    (a) => {
      const [fx, fy, tx, ty] = [coordinate(a, 0, 'x'), coordinate(a, 0, 'y'), coordinate(a, 1, 'x'), coordinate(a, 1, 'y')];
      const segment = int(a, 2);
      if (segment === 0) evalFail('PointOnLine: the segment must not be 0.', a);
      return point(Math.trunc(fx + (tx - fx) / segment), Math.trunc(fy + (ty - fy) / segment));
    },
  ],
  [
    'SVGSerialize',
    3,
    (a) => {
      const prefix = a.val(1);
      if (typeof prefix !== 'string') evalFail(`SVGSerialize: the frame name prefix must be a string, not ${formatValue(prefix)}.`, a);
      writeSpecFile(a, `${prefix}${zeroPad(a.val(2), 3)}.svg`, elemToString(a, a.val(0)));
      return writtenRecord();
    },
  ],
]);
