import { Frame } from './scope.js';
import type { Value } from './values.js';

/**
 * Frames handed back instead of allocated again. A frame is immutable: the
 * same name bound to the same value over the same parent is the same frame,
 * whoever made it. A quantifier over a constant set (`\E p \in Proc`) or an
 * action applied to those bound names (`Receive(p, q)`) makes exactly the frames
 * it made for the previous state; on MCLamportMutex these were a fifth of the
 * run's allocations, each one bringing the next scavenge closer.
 *
 * Each cache is one node's (its closure's), with a few entries told apart by
 * the parent frame: a node nested in a quantifier is evaluated under each of
 * its members' frames in turn. A node whose frames rarely repeat (sets that
 * change with the state, arguments computed from it) stops looking after a
 * while: a miss costs more than the frames it would have saved.
 */

/** Entries per node: a nested quantifier or action is met under this many parents in turn before any repeats. */
const ENTRIES = 16;

/** Sets larger than this are bound member by member, as before: their frames are not worth keeping. */
const MAX_KEPT_MEMBERS = 32;

/** Uses after which a node's cache is judged: kept on if at least half of them were hits. */
const TRIAL = 1024;

/** Counts a node's uses and hits, and says when its cache is not worth looking in. */
class HitRate {
  private uses = 0;
  private hits = 0;
  /** Off for good once a trial saw fewer hits than misses. */
  off = false;

  count(hit: boolean): void {
    if (hit) this.hits++;
    if (++this.uses < TRIAL) return;
    this.off = 2 * this.hits < this.uses;
    this.uses = 0;
    this.hits = 0;
  }
}

/** The frames binding one quantifier's name to each member of its set. */
export class MemberFrames {
  private readonly parents: (Frame | null)[] = [];
  private readonly memberLists: (readonly Value[])[] = [];
  private readonly frameLists: Frame[][] = [];
  private replace = 0;
  private readonly rate = new HitRate();

  constructor(private readonly name: string) {}

  /** A frame per member over `parent`, or null: make them one by one (a large set, or a cache that rarely hits). */
  of(members: readonly Value[], parent: Frame | null): readonly Frame[] | null {
    if (this.rate.off || members.length > MAX_KEPT_MEMBERS) return null;
    const parents = this.parents;
    let slot = -1;
    for (let i = 0; i < parents.length; i++) {
      if (parents[i] !== parent) continue;
      if (sameMembers(this.memberLists[i]!, members)) {
        this.rate.count(true);
        return this.frameLists[i]!;
      }
      // The same parent with other members (a set that changes with the state): this entry gives way.
      slot = i;
      break;
    }
    this.rate.count(false);
    const frames = new Array<Frame>(members.length);
    for (let m = 0; m < members.length; m++) frames[m] = new Frame(this.name, members[m]!, parent);
    if (slot < 0) slot = this.freeSlot();
    parents[slot] = parent;
    this.memberLists[slot] = members;
    this.frameLists[slot] = frames;
    return frames;
  }

  private freeSlot(): number {
    if (this.parents.length < ENTRIES) return this.parents.length;
    const i = this.replace;
    this.replace = (i + 1) % ENTRIES;
    return i;
  }
}

/** The same members in the same order, by identity (a set computed again, such as `Proc \ {p}`, has a new array of the same values). */
function sameMembers(a: readonly Value[], b: readonly Value[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An operator's parameter frames at one application node, kept per caller
 * frame, scope and operator when every argument was bound to something the
 * caller's frame or scope already held (a value, an operator), never to a new
 * Thunk: a Thunk remembers its value in one state, so frames holding one are
 * made afresh at every call.
 *
 * The successor walk keeps a LET's definition frames the same way (walk.ts;
 * the "operator" is the LET's definitions): `LET m == Head(network[q][p]) IN`
 * inside `Receive(p, q)` would bind m afresh for every state. There a
 * definition's value is remembered (memoCtx) only when computing it read no
 * primed variable, so it depends on the state and the frames alone, and each
 * state is walked with its own context: a value remembered for another state
 * is computed again. A kept parent frame never holds a Thunk, so it never
 * changes meaning.
 */
export class ParameterFrames {
  private readonly callers: (Frame | null)[] = [];
  private readonly scopes: unknown[] = [];
  private readonly operators: unknown[] = [];
  private readonly frames: (Frame | null)[] = [];
  private replace = 0;
  private readonly rate = new HitRate();

  /** Whether looking is worth it at this node (callers skip find and keep when not). */
  get useful(): boolean {
    return !this.rate.off;
  }

  /** The kept frame for this call, or undefined. */
  find(caller: Frame | null, scope: unknown, operator: unknown): Frame | null | undefined {
    const callers = this.callers;
    for (let i = 0; i < callers.length; i++) {
      if (callers[i] === caller && this.operators[i] === operator && this.scopes[i] === scope) {
        this.rate.count(true);
        return this.frames[i];
      }
    }
    this.rate.count(false);
    return undefined;
  }

  keep(caller: Frame | null, scope: unknown, operator: unknown, frame: Frame | null): void {
    let i = this.callers.length;
    if (i >= ENTRIES) {
      i = this.replace;
      this.replace = (i + 1) % ENTRIES;
    }
    this.callers[i] = caller;
    this.scopes[i] = scope;
    this.operators[i] = operator;
    this.frames[i] = frame;
  }
}

