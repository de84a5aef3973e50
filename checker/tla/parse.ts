import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import type { Bound, BoundName, Def, ExceptUpdate, Expr, InstanceDecl, Location, Module } from './ast.js';
import { TlaLoadError } from './errors.js';
import { infixPrecedence, precedenceConflict, prefixPrecedence, type Precedence } from './precedence.js';

/**
 * TLA+ source to the AST of ast.ts, through tree-sitter's TLA+ grammar (a wasm
 * build, so no native compilation). Parsing is strict: any ERROR or MISSING node
 * in the concrete tree is a parse error at its position, with the text at fault.
 */

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Loads the grammar once per process (asynchronous: wasm); concurrent callers share the one load. */
export function initParser(): Promise<void> {
  loading ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('@tlaplus/tree-sitter-tlaplus/tree-sitter-tlaplus.wasm');
    const language = await Language.load(wasm);
    const ready = new Parser();
    ready.setLanguage(language);
    parser = ready;
  })();
  return loading;
}

/** Every module in `text` (the file's outer module first). */
export function parseModules(text: string, file: string): Module[] {
  if (!parser) throw new Error('internal: initParser() was not awaited');
  const tree = parser.parse(text);
  if (!tree) throw new TlaLoadError(`${file}: the parser produced no tree`);
  try {
    const root = tree.rootNode;
    if (root.hasError) throw new TlaLoadError(describeSyntaxError(root, file));
    const modules = named(root).filter((n) => n.type === 'module');
    if (modules.length === 0) throw new TlaLoadError(`${file}:1:1: no "---- MODULE Name ----" header found`);
    return modules.map((m) => new Converter(file).module(m));
  } finally {
    tree.delete();
  }
}

function describeSyntaxError(root: Node, file: string): string {
  let found: Node | null = null;
  const visit = (node: Node): void => {
    if (found) return;
    if (node.type === 'ERROR' || node.isMissing) {
      found = node;
      return;
    }
    for (const child of node.children) if (child && child.hasError) visit(child);
    if (!found && node.isError) found = node;
  };
  visit(root);
  const node = (found ?? root) as Node;
  const text = node.isMissing ? `missing ${node.type}` : `unexpected "${node.text.split('\n')[0]!.slice(0, 60)}"`;
  return `${file}:${node.startPosition.row + 1}:${node.startPosition.column + 1}: syntax error: ${text}`;
}

const IGNORED = new Set(['comment', 'block_comment', 'extramodular_text']);

function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && !IGNORED.has(c.type));
}

class Converter {
  constructor(private readonly file: string) {}

  private loc(node: Node): Location {
    return { file: this.file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
  }

  /** The position of a node's last character (tree-sitter's end is just past it, 0-based). */
  private lastCharacter(node: Node): Location {
    return { file: this.file, line: node.endPosition.row + 1, column: node.endPosition.column };
  }

  private fail(node: Node, message: string): never {
    const at = this.loc(node);
    throw new TlaLoadError(`${at.file}:${at.line}:${at.column}: ${message}`);
  }

  module(node: Node): Module {
    const name = node.childForFieldName('name')!.text;
    const result: Module = { name, file: this.file, extends: [], constants: [], variables: [], units: [], inner: [] };
    for (const child of named(node)) this.unit(child, result, false);
    return result;
  }

  private unit(node: Node, into: Module, local: boolean): void {
    switch (node.type) {
      case 'header_line':
      case 'identifier':
      case 'single_line':
      case 'double_line':
      case 'theorem': {
        // A named theorem can be used as an operator (its statement); proofs are ignored.
        const nameNode = node.childForFieldName('name');
        const statement = node.childForFieldName('statement');
        if (nameNode && statement && statement.type !== 'assume_prove') {
          into.units.push({ kind: 'def', def: { name: nameNode.text, params: [], fcnBounds: null, body: this.expr(statement), local, recursive: false, at: this.loc(node) } });
        }
        return;
      }
      case 'use_or_hide':
      case 'recursive_declaration':
      case 'pcal_algorithm':
        return;
      case 'extends':
        into.extends.push(...named(node).map((n) => n.text));
        return;
      case 'constant_declaration':
        for (const c of named(node)) {
          if (c.type === 'operator_declaration') into.constants.push({ name: c.childForFieldName('name')!.text, arity: named(c).length - 1 });
          else into.constants.push({ name: c.text, arity: 0 });
        }
        return;
      case 'variable_declaration':
        into.variables.push(...named(node).map((n) => n.text));
        return;
      case 'operator_definition':
      case 'function_definition':
        into.units.push({ kind: 'def', def: this.definition(node, local) });
        return;
      case 'module_definition':
        into.units.push({ kind: 'instance', inst: this.instance(node.childForFieldName('definition')!, node, local) });
        return;
      case 'instance':
        into.units.push({ kind: 'instance', inst: this.instance(node, null, local) });
        return;
      case 'local_definition':
        for (const child of named(node)) this.unit(child, into, true);
        return;
      case 'assumption': {
        const parts = named(node);
        const exprNode = parts[parts.length - 1]!;
        const expr = this.expr(exprNode);
        // Located as TLC reports a false one: the expression's first and last characters.
        into.units.push({ kind: 'assume', expr, at: this.loc(exprNode), end: this.lastCharacter(exprNode) });
        // `ASSUME Name == P` also defines Name, as a named theorem does (SANY lets a spec use it: ASSUME Name /\ Q).
        const nameNode = node.childForFieldName('name');
        if (nameNode) into.units.push({ kind: 'def', def: { name: nameNode.text, params: [], fcnBounds: null, body: expr, local, recursive: false, at: this.loc(node) } });
        return;
      }
      case 'module':
        into.inner.push(this.module(node));
        return;
      default:
        // Proof steps and other declarations have no meaning for model checking.
        return;
    }
  }

  private params(nodes: Node[]): { name: string; arity: number }[] {
    return nodes.map((p) => (p.type === 'operator_declaration' ? { name: p.childForFieldName('name')!.text, arity: named(p).length - 1 } : { name: p.text, arity: 0 }));
  }

  private definition(node: Node, local: boolean): Def {
    const nameNode = node.childForFieldName('name')!;
    // Nat, Int and Real are names (of Naturals, Integers, Reals), not keywords: a spec may define them (`Real == 0 .. MaxReal`).
    const plainName = nameNode.type === 'identifier' || nameNode.type === 'nat_number_set' || nameNode.type === 'int_number_set' || nameNode.type === 'real_number_set';
    const name = plainName ? nameNode.text : `$${named(nameNode)[0]?.type ?? nameNode.text}`;
    const body = this.expr(node.childForFieldName('definition')!);
    if (node.type === 'function_definition') {
      const bounds = named(node)
        .filter((c) => c.type === 'quantifier_bound')
        .map((b) => this.bound(b));
      return { name, params: [], fcnBounds: bounds, body, local, recursive: false, at: this.loc(node) };
    }
    const params = this.params(node.childrenForFieldName('parameter').filter((p): p is Node => p !== null && p.isNamed));
    return { name, params, fcnBounds: null, body, local, recursive: false, at: this.loc(node) };
  }

  private instance(node: Node, definition: Node | null, local: boolean): InstanceDecl {
    const parts = named(node);
    const substitutions: [string, Expr][] = parts
      .filter((p) => p.type === 'substitution')
      .map((s) => {
        const [target, , value] = named(s);
        const targetName = target!.type === 'identifier_ref' ? target!.text : `$${named(target!)[0]?.type ?? target!.text}`;
        return [targetName, this.argument(value!)];
      });
    const params = definition
      ? this.params(definition.childrenForFieldName('parameter').filter((p): p is Node => p !== null && p.isNamed))
      : [];
    return {
      name: definition ? definition.childForFieldName('name')!.text : null,
      params,
      module: parts[0]!.text,
      substitutions,
      local,
      at: this.loc(definition ?? node),
    };
  }

  private bound(node: Node): Bound {
    const intros = node.childrenForFieldName('intro').filter((c): c is Node => c !== null && c.isNamed);
    const set = this.expr(node.childForFieldName('set')!);
    if (intros.length === 1 && intros[0]!.type === 'tuple_of_identifiers') {
      return { names: named(intros[0]!).filter((c) => c.type === 'identifier').map((c) => c.text), tuple: true, set };
    }
    return { names: intros.map((c) => c.text), tuple: false, set };
  }

  /** An operator argument: an expression, or an operator name passed to a higher-order operator. */
  private argument(node: Node): Expr {
    if (node.type === 'infix_op_symbol' || node.type === 'prefix_op_symbol' || node.type === 'postfix_op_symbol') {
      return { k: 'app', name: `$${named(node)[0]?.type ?? node.text}`, args: [], at: this.loc(node) };
    }
    return this.expr(node);
  }

  expr(node: Node): Expr {
    const at = this.loc(node);
    const kids = () => named(node);
    switch (node.type) {
      case 'parentheses':
        return this.expr(kids()[0]!);
      case 'nat_number':
        return { k: 'num', v: Number(node.text), at };
      case 'binary_number':
      case 'octal_number':
      case 'hex_number': {
        const radix = node.type === 'binary_number' ? 2 : node.type === 'octal_number' ? 8 : 16;
        return { k: 'num', v: parseInt(node.childForFieldName('value')?.text ?? kids()[1]!.text, radix), at };
      }
      case 'real_number':
        return { k: 'unsupported', what: 'real numbers (module Reals)', at };
      case 'string':
        return { k: 'str', v: unescapeString(node.text), at };
      case 'boolean':
        return { k: 'bool', v: node.text === 'TRUE', at };
      case 'nat_number_set':
        return { k: 'app', name: 'Nat', args: [], at };
      case 'int_number_set':
        return { k: 'app', name: 'Int', args: [], at };
      case 'real_number_set':
        return { k: 'app', name: 'Real', args: [], at };
      case 'string_set':
        return { k: 'app', name: 'STRING', args: [], at };
      case 'boolean_set':
        return { k: 'app', name: 'BOOLEAN', args: [], at };
      case 'identifier_ref':
      case 'identifier':
        return { k: 'app', name: node.text, args: [], at };
      case 'bound_op':
        return {
          k: 'app',
          name: node.childForFieldName('name')!.text,
          args: node
            .childrenForFieldName('parameter')
            .filter((p): p is Node => p !== null && p.isNamed && !IGNORED.has(p.type))
            .map((p) => this.argument(p)),
          at,
        };
      case 'prefixed_op':
        return this.prefixed(node);
      case 'bound_infix_op':
        return this.infix(node);
      case 'bound_prefix_op':
        return this.prefix(node);
      case 'bound_postfix_op': {
        const symbol = named(node.childForFieldName('symbol')!)[0]?.type ?? node.childForFieldName('symbol')!.type;
        const x = this.expr(node.childForFieldName('lhs')!);
        if (symbol === 'prime') return { k: 'prime', x, at };
        return { k: 'app', name: `$${symbol}`, args: [x], at };
      }
      case 'conj_list':
        return { k: 'and', items: kids().map((item) => this.expr(named(item).filter((c) => c.type !== 'bullet_conj')[0]!)), at };
      case 'disj_list':
        return { k: 'or', items: kids().map((item) => this.expr(named(item).filter((c) => c.type !== 'bullet_disj')[0]!)), at };
      case 'bounded_quantification':
        return {
          k: 'quant',
          q: node.childForFieldName('quantifier')!.type === 'forall' ? 'A' : 'E',
          bounds: node
            .childrenForFieldName('bound')
            .filter((b): b is Node => b !== null && b.type === 'quantifier_bound')
            .map((b) => this.bound(b)),
          body: this.expr(node.childForFieldName('expression')!),
          at,
        };
      case 'unbounded_quantification':
        return {
          k: 'uquant',
          q: node.childForFieldName('quantifier')!.type === 'forall' ? 'A' : 'E',
          names: node.childrenForFieldName('intro').filter((c): c is Node => c !== null && c.isNamed).map((c) => c.text),
          body: this.expr(node.childForFieldName('expression')!),
          at,
        };
      case 'choose': {
        const intro = node.childForFieldName('intro')!;
        const bound: BoundName =
          intro.type === 'tuple_of_identifiers' ? { names: named(intro).filter((c) => c.type === 'identifier').map((c) => c.text), tuple: true } : { names: [intro.text], tuple: false };
        const set = node.childForFieldName('set');
        return { k: 'choose', bound, set: set ? this.expr(set) : null, body: this.expr(node.childForFieldName('expression')!), at };
      }
      case 'finite_set_literal':
        return { k: 'setEnum', items: kids().map((c) => this.expr(c)), at };
      case 'set_filter':
        return { k: 'setFilter', bound: this.bound(node.childForFieldName('generator')!), pred: this.expr(node.childForFieldName('filter')!), at };
      case 'set_map':
        return {
          k: 'setMap',
          body: this.expr(node.childForFieldName('map')!),
          bounds: node
            .childrenForFieldName('generator')
            .filter((b): b is Node => b !== null && b.type === 'quantifier_bound')
            .map((b) => this.bound(b)),
          at,
        };
      case 'function_literal': {
        const parts = kids();
        return { k: 'fcn', bounds: parts.filter((c) => c.type === 'quantifier_bound').map((b) => this.bound(b)), body: this.expr(parts[parts.length - 1]!), at };
      }
      case 'function_evaluation': {
        const [f, ...args] = kids();
        return { k: 'apply', f: this.expr(f!), args: args.map((a) => this.expr(a)), at };
      }
      case 'except':
        return {
          k: 'except',
          f: this.expr(node.childForFieldName('expr_to_update')!),
          updates: kids()
            .filter((c) => c.type === 'except_update')
            .map((u) => this.exceptUpdate(u)),
          at,
        };
      case 'prev_func_val':
        return { k: 'at', at };
      case 'record_literal':
        return { k: 'record', fields: this.fields(kids()), at };
      case 'set_of_records':
        return { k: 'recordSet', fields: this.fields(kids()), at };
      case 'set_of_functions': {
        const parts = kids().filter((c) => c.type !== 'maps_to');
        return { k: 'fcnSet', dom: this.expr(parts[0]!), rng: this.expr(parts[1]!), at };
      }
      case 'record_value': {
        const parts = kids();
        return { k: 'field', rec: this.expr(parts[0]!), name: parts[1]!.text, at };
      }
      case 'tuple_literal':
        return { k: 'tuple', items: kids().filter((c) => c.type !== 'langle_bracket' && c.type !== 'rangle_bracket').map((c) => this.expr(c)), at };
      case 'if_then_else':
        return {
          k: 'if',
          cond: this.expr(node.childForFieldName('if')!),
          then: this.expr(node.childForFieldName('then')!),
          else: this.expr(node.childForFieldName('else')!),
          at,
        };
      case 'case': {
        const arms: [Expr, Expr][] = [];
        let other: Expr | null = null;
        for (const arm of kids()) {
          const parts = named(arm).filter((c) => c.type !== 'case_arrow');
          if (arm.type === 'case_arm') arms.push([this.expr(parts[0]!), this.expr(parts[1]!)]);
          else if (arm.type === 'other_arm') other = this.expr(parts[0]!);
        }
        return { k: 'case', arms, other, at };
      }
      case 'let_in': {
        const defs = node
          .childrenForFieldName('definitions')
          .filter((d): d is Node => d !== null && (d.type === 'operator_definition' || d.type === 'function_definition'))
          .map((d) => this.definition(d, false));
        return { k: 'let', defs, body: this.expr(node.childForFieldName('expression')!), at };
      }
      case 'lambda': {
        const parts = kids();
        return { k: 'lambda', params: parts.slice(0, -1).map((p) => p.text), body: this.expr(parts[parts.length - 1]!), at };
      }
      case 'label':
        return this.expr(node.childForFieldName('expression')!);
      case 'step_expr_or_stutter':
      case 'step_expr_no_stutter': {
        const parts = kids().filter((c) => !['langle_bracket', 'rangle_bracket_sub'].includes(c.type));
        return { k: 'step', stutter: node.type === 'step_expr_or_stutter', action: this.expr(parts[0]!), vars: this.expr(parts[1]!), at };
      }
      case 'fairness': {
        const parts = kids();
        return { k: 'fair', strong: node.text.startsWith('SF'), vars: this.expr(parts[0]!), action: this.expr(parts[1]!), at };
      }
      case 'infix_op_symbol':
      case 'prefix_op_symbol':
      case 'postfix_op_symbol':
        return this.argument(node);
      case 'subexpression': {
        const [prefix, nav] = kids();
        const components = prefix ? named(prefix) : [];
        const child = nav ? named(nav) : [];
        // `Name!:` is Name's body (a theorem's statement).
        if (components.length === 1 && nav && nav.text.trim() === ':') return { k: 'app', name: components[0]!.text, args: [], at };
        // `I!Name!:` is the statement of theorem Name of instance I (BPConProof's `P!NextDef!:`): the reference `I!Name`.
        if (components.length > 1 && nav && nav.text.trim() === ':' && components.every((c) => /^[A-Za-z0-9_]+$/.test(c.text))) {
          const names = components.map((c) => c.text);
          return { k: 'inst', path: names.slice(0, -1).map((name) => ({ name, args: [] })), name: names[names.length - 1]!, args: [], at };
        }
        if (components.length === 1 && components[0]!.type === 'subexpr_component' && child.length === 1 && child[0]!.type === 'child_id') {
          return { k: 'subexpr', name: components[0]!.text, index: Number(child[0]!.text), at };
        }
        return { k: 'unsupported', what: `the subexpression reference "${node.text}"`, at };
      }
      default:
        return { k: 'unsupported', what: `the construct "${node.type}"`, at };
    }
  }

  private fields(parts: Node[]): [string, Expr][] {
    const out: [string, Expr][] = [];
    const values = parts.filter((c) => c.type !== 'all_map_to');
    for (let i = 0; i + 1 < values.length; i += 2) out.push([values[i]!.text, this.expr(values[i + 1]!)]);
    return out;
  }

  private exceptUpdate(node: Node): ExceptUpdate {
    const spec = named(node).find((c) => c.type === 'except_update_specifier')!;
    const path = named(spec).map((step) =>
      step.type === 'except_update_record_field'
        ? ({ kind: 'field', name: named(step)[0]!.text } as const)
        : ({ kind: 'args', args: named(step).map((a) => this.expr(a)) } as const),
    );
    const parts = named(node);
    return { path, value: this.expr(parts[parts.length - 1]!) };
  }

  private prefixed(node: Node): Expr {
    const prefix = node.childForFieldName('prefix')!;
    const path = named(prefix).map((component) => {
      const inner = named(component)[0] ?? component;
      const e = this.expr(inner);
      if (e.k !== 'app') this.fail(component, `unsupported instance path "${component.text}"`);
      return { name: e.name, args: e.args };
    });
    const op = this.expr(node.childForFieldName('op')!);
    if (op.k !== 'app') this.fail(node, `unsupported instance reference "${node.text}"`);
    return { k: 'inst', path, name: op.name, args: op.args, at: this.loc(node) };
  }

  private infix(node: Node): Expr {
    const at = this.loc(node);
    const symbol = opSymbol(node, 'infix_op_symbol');
    const lhs = node.childForFieldName('lhs')!;
    const rhs = node.childForFieldName('rhs')!;
    this.checkPrecedence(node, symbol);
    if (symbol === 'land' || symbol === 'lor') {
      const kind = symbol === 'land' ? 'and' : 'or';
      const items: Expr[] = [];
      for (const side of [lhs, rhs]) {
        const e = this.expr(side);
        // Only an unparenthesised chain flattens: (A \/ B) \/ C splits the same way anyway.
        if (e.k === kind && side.type === 'bound_infix_op') items.push(...e.items);
        else items.push(e);
      }
      return { k: kind, items, at };
    }
    if (symbol === 'times') {
      const items: Expr[] = [];
      const left = this.expr(lhs);
      if (left.k === 'times' && lhs.type === 'bound_infix_op') items.push(...left.items);
      else items.push(left);
      items.push(this.expr(rhs));
      return { k: 'times', items, at };
    }
    if (symbol === 'leads_to') return { k: 'leadsTo', l: this.expr(lhs), r: this.expr(rhs), at };
    return { k: 'app', name: `$${symbol}`, args: [this.expr(lhs), this.expr(rhs)], at };
  }

  /**
   * SANY's precedence ranges (precedence.ts): an operand written without
   * parentheses that is itself an infix or prefix operation must bind
   * tighter than the operator, or be the same left-associative operator.
   */
  private checkPrecedence(node: Node, symbol: string): void {
    const outer = infixPrecedence(symbol);
    if (outer === undefined) return;
    this.checkOperand(node.childForFieldName('lhs')!, outer, false);
    this.checkOperand(node.childForFieldName('rhs')!, outer, true);
  }

  /** One operand of an operator of precedence `outer`: an unparenthesised operation in it must be allowed there. */
  private checkOperand(side: Node, outer: Precedence, onRight: boolean): void {
    let inner: Precedence | undefined;
    if (side.type === 'bound_infix_op') inner = infixPrecedence(opSymbol(side, 'infix_op_symbol'));
    // A prefix operation on the right is that operator's own operand: only on the left can it conflict.
    else if (side.type === 'bound_prefix_op' && !onRight) inner = prefixPrecedence(opSymbol(side, 'prefix_op_symbol'));
    const conflict = inner ? precedenceConflict(inner, outer, onRight) : null;
    if (conflict !== null) this.fail(side, conflict);
  }

  private prefix(node: Node): Expr {
    const at = this.loc(node);
    const symbol = opSymbol(node, 'prefix_op_symbol');
    const rhsNode = node.childForFieldName('rhs')!;
    const outer = prefixPrecedence(symbol);
    if (outer !== undefined) this.checkOperand(rhsNode, outer, true);
    const x = this.expr(rhsNode);
    switch (symbol) {
      case 'unchanged':
        return { k: 'unchanged', x, at };
      case 'enabled':
        return { k: 'enabled', x, at };
      case 'always':
        return { k: 'always', x, at };
      case 'eventually':
        return { k: 'eventually', x, at };
      default:
        return { k: 'app', name: `$${symbol}`, args: [x], at };
    }
  }
}

/** An operator node's symbol: the grammar's node type (`plus`, `land`, ...). */
function opSymbol(node: Node, symbolType: string): string {
  const symbolNode = node.childForFieldName('symbol')!;
  return symbolNode.type === symbolType ? (named(symbolNode)[0]?.type ?? symbolNode.text) : symbolNode.type;
}

function unescapeString(text: string): string {
  const inner = text.slice(1, -1);
  return inner.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === 'f' ? '\f' : c));
}
