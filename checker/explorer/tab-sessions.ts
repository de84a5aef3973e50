import { ConfigError } from '../errors.js';
import type { BehaviourSession as ExplorerSession } from './behaviour-session.js';

/**
 * One explorer session per browser tab. Each page makes up a tab id (kept in
 * sessionStorage) and sends it with every call, so two tabs never move each
 * other's cursor and a click in one tab never takes a step in another's state.
 * Old tabs are forgotten, least recently used first.
 */
export const TAB_HEADER = 'x-vigil-tab';
const MAX_TABS = 32;

export class TabSessions {
  private readonly tabs = new Map<string, ExplorerSession>();

  constructor(private readonly create: () => ExplorerSession) {}

  get(tab: string | undefined): ExplorerSession {
    const id = tab ?? 'default';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ConfigError(`tab id "${id.slice(0, 70)}": expected 1..64 letters, digits, "-" or "_"`);
    let session = this.tabs.get(id);
    if (session) this.tabs.delete(id);
    else session = this.create();
    this.tabs.set(id, session);
    if (this.tabs.size > MAX_TABS) this.tabs.delete(this.tabs.keys().next().value!);
    return session;
  }
}
