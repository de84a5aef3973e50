import { canonicalKey } from '../../spec/canonical.js';
import { ConfigError } from '../errors.js';
import { expand, withinConstraints } from '../explorer/successors.js';
import type { RuntimeModel } from '../runtime-model.js';

/**
 * The whole reachable state graph of a small model, for `--dump-dot`: a separate,
 * simple exploration (plain objects, canonical-string keys) so that the fast
 * engine's loop never pays for edge bookkeeping. It refuses past `limit` states,
 * because a picture of more than a few thousand states helps nobody.
 */
export interface GraphNode {
  readonly id: number;
  readonly key: string;
  readonly state: Readonly<Record<string, unknown>>;
  readonly initial: boolean;
  /** Invariants this state violates. */
  readonly violates: readonly string[];
  /** Outside a state constraint: shown, never expanded. */
  readonly constrained: boolean;
  /** The message of a step that threw here (the node holds the partial state). */
  readonly failure: string | null;
}

export interface GraphEdge {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

export interface StateGraph {
  readonly model: string;
  readonly variables: readonly string[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export const DOT_STATE_LIMIT = 2000;

export function exploreStateGraph(model: RuntimeModel<any>, limit: number = DOT_STATE_LIMIT): StateGraph {
  const builder = new GraphBuilder(model, limit);
  const queue = model.initialStates().map((state) => builder.node(state, { initial: true }));
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    if (node.constrained || node.failure !== null) continue;
    const expansion = expand(model, node.state);
    for (const successor of expansion.successors) {
      const before = builder.size;
      const target = builder.node(successor.state, { constrained: !withinConstraints(model, successor.state) });
      builder.edge(node.id, target.id, successor.label);
      if (builder.size > before) queue.push(target);
    }
    for (const failure of expansion.failures) {
      const target = builder.node((failure.partialState ?? node.state) as Record<string, unknown>, { failure: failure.message });
      builder.edge(node.id, target.id, failure.label);
    }
  }
  return builder.graph();
}

class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];
  private readonly byKey = new Map<string, GraphNode>();

  constructor(
    private readonly model: RuntimeModel<any>,
    private readonly limit: number,
  ) {}

  get size(): number {
    return this.nodes.length;
  }

  node(state: Record<string, unknown>, flags: { initial?: boolean; constrained?: boolean; failure?: string }): GraphNode {
    // A failing step's partial state is its own node even if it equals a real state.
    const key = flags.failure ? `failure:${flags.failure}:${canonicalKey(state)}` : canonicalKey(state);
    const known = this.byKey.get(key);
    if (known) return known;
    if (this.nodes.length >= this.limit) {
      throw new ConfigError(`the state graph of ${this.model.name} has more than ${this.limit} states; DOT output is only for small models (try smaller constants)`);
    }
    const node: GraphNode = {
      id: this.nodes.length,
      key,
      state,
      initial: flags.initial ?? false,
      violates: this.model.def.invariants.filter((inv) => !inv.holds(state)).map((inv) => inv.name),
      constrained: flags.constrained ?? false,
      failure: flags.failure ?? null,
    };
    this.nodes.push(node);
    this.byKey.set(key, node);
    return node;
  }

  edge(from: number, to: number, label: string): void {
    this.edges.push({ from, to, label });
  }

  graph(): StateGraph {
    return { model: this.model.name, variables: this.model.variables, nodes: this.nodes, edges: this.edges };
  }
}
