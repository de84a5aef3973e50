import type { LivenessGraph } from './liveness-graph.js';

/**
 * The subgraph an SCC search runs on: the states whose `member` entry equals
 * `label`, and the edges between them that `edgeAllowed` accepts. Labels let the
 * strong-fairness refinement carve a component into pieces without copying.
 */
export interface Subgraph {
  /** Any graph in CSR form: the state graph, or the LTL product (ltl/product.ts). */
  readonly graph: Pick<LivenessGraph, 'edgeStart' | 'edgeTarget'>;
  readonly member: Int32Array;
  readonly label: number;
  readonly edgeAllowed: (edge: number) => boolean;
}

/**
 * Tarjan's strongly connected components, iteratively (graphs have millions of
 * states; recursion would overflow the stack). Calls `emit` with each component's
 * states, in a view of a scratch buffer that is valid only during the call (most
 * components are single states: no array each). Every state counts as a cycle on
 * its own: TLA+ behaviours may stutter.
 */
export class ComponentFinder {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly component: Int32Array;

  constructor(states: number) {
    this.component = new Int32Array(states);
    this.index = new Int32Array(states).fill(-1);
    this.low = new Int32Array(states);
    this.onStack = new Uint8Array(states);
  }

  run(sub: Subgraph, nodes: Iterable<number>, emit: (component: Int32Array) => void): void {
    const { graph, member, label, edgeAllowed } = sub;
    const { index, low, onStack } = this;
    const visited: number[] = [];
    const stack: number[] = [];
    const callNode: number[] = [];
    const callEdge: number[] = [];
    let counter = 0;
    const open = (v: number) => {
      index[v] = counter;
      low[v] = counter;
      counter++;
      visited.push(v);
      stack.push(v);
      onStack[v] = 1;
      callNode.push(v);
      callEdge.push(graph.edgeStart[v]!);
    };
    for (const root of nodes) {
      if (member[root] !== label || index[root] !== -1) continue;
      open(root);
      while (callNode.length > 0) {
        const top = callNode.length - 1;
        const v = callNode[top]!;
        const end = graph.edgeStart[v + 1]!;
        let descended = false;
        for (let e = callEdge[top]!; e < end; e++) {
          const w = graph.edgeTarget.at(e)!;
          if (member[w] !== label || !edgeAllowed(e)) continue;
          if (index[w] === -1) {
            callEdge[top] = e + 1;
            open(w);
            descended = true;
            break;
          }
          if (onStack[w] && index[w]! < low[v]!) low[v] = index[w]!;
        }
        if (descended) continue;
        callNode.pop();
        callEdge.pop();
        if (callNode.length > 0) {
          const parent = callNode[callNode.length - 1]!;
          if (low[v]! < low[parent]!) low[parent] = low[v]!;
        }
        if (low[v] === index[v]) {
          const component = this.component;
          let size = 0;
          let w: number;
          do {
            w = stack.pop()!;
            onStack[w] = 0;
            component[size++] = w;
          } while (w !== v);
          emit(component.subarray(0, size));
        }
      }
    }
    for (const v of visited) index[v] = -1;
  }
}

/**
 * The node that owns edge `e` in CSR offsets `edgeStart` (binary search). Several
 * nodes may share an offset (no edges): the owner is the last one before `e` that
 * has edges.
 */
export function edgeSource(edgeStart: Int32Array, nodes: number, e: number): number {
  let lo = 0;
  let hi = nodes - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (edgeStart[mid]! <= e) lo = mid;
    else hi = mid - 1;
  }
  while (edgeStart[lo + 1]! <= e) lo++;
  return lo;
}
