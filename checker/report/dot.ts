import { canonicalKey } from '../../spec/canonical.js';
import { formatValue } from '../state/format-value.js';
import type { GraphNode, StateGraph } from '../search/state-graph.js';
import type { TraceStep } from '../trace/trace.js';

/**
 * Graphviz DOT for a small state graph: one box per state listing its variables,
 * one labelled edge per step. Initial states are drawn bold, states violating an
 * invariant red; the counterexample's states and steps are filled and drawn thick
 * red, so `dot -Tsvg` shows the path in the whole graph.
 */
export function toDot(graph: StateGraph, trace: readonly TraceStep[] | null = null): string {
  const onTrace = traceHighlight(graph, trace);
  const lines = [
    `digraph ${quote(graph.model)} {`,
    '  node [shape=box, fontname="monospace", fontsize=10];',
    '  edge [fontname="monospace", fontsize=9];',
    ...graph.nodes.map((node) => `  s${node.id} [${nodeAttributes(graph, node, onTrace.nodes.has(node.id)).join(', ')}];`),
    ...graph.edges.map((edge, i) => {
      const attributes = [`label=${quote(edge.label)}`];
      if (onTrace.edges.has(i)) attributes.push('color="#c00000"', 'fontcolor="#c00000"', 'penwidth=3');
      return `  s${edge.from} -> s${edge.to} [${attributes.join(', ')}];`;
    }),
    '}',
    '',
  ];
  return lines.join('\n');
}

function nodeAttributes(graph: StateGraph, node: GraphNode, highlighted: boolean): string[] {
  const text = graph.variables.map((name) => `${name} = ${formatValue(node.state[name])}`);
  if (node.violates.length > 0) text.push(`violates ${node.violates.join(', ')}`);
  if (node.failure) text.push(`step failed: ${node.failure}`);
  if (node.constrained) text.push('outside the state constraint');
  // `\l` ends a left-aligned line in a Graphviz label.
  const attributes = [`label="${text.map((line) => `${escape(line)}\\l`).join('')}"`];
  if (node.initial) attributes.push('penwidth=2.5');
  if (node.violates.length > 0 || node.failure) attributes.push('color="#c00000"', 'fontcolor="#c00000"');
  if (node.constrained) attributes.push('style=dashed');
  if (highlighted) attributes.push('style=filled', 'fillcolor="#ffe3e3"');
  return attributes;
}

/**
 * Node ids and edge positions along the trace, found by walking the graph from
 * the initial state: each step follows the edge with its label into its state.
 * (Matching states alone would confuse a failed step's partial state with an
 * equal ordinary state.)
 */
function traceHighlight(graph: StateGraph, trace: readonly TraceStep[] | null): { nodes: Set<number>; edges: Set<number> } {
  const nodes = new Set<number>();
  const edges = new Set<number>();
  if (!trace || trace.length === 0) return { nodes, edges };
  const keyOf = (id: number) => canonicalKey(graph.nodes[id]!.state);
  let current = graph.nodes.find((n) => n.initial && keyOf(n.id) === canonicalKey(trace[0]!.state))?.id;
  if (current === undefined) return { nodes, edges };
  nodes.add(current);
  for (const step of trace.slice(1)) {
    const from: number = current;
    const position = graph.edges.findIndex((e) => e.from === from && e.label === step.action && keyOf(e.to) === canonicalKey(step.state));
    if (position < 0) break;
    edges.add(position);
    current = graph.edges[position]!.to;
    nodes.add(current);
  }
  return { nodes, edges };
}

function quote(text: string): string {
  return `"${escape(text)}"`;
}

function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
