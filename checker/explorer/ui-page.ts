import { escapeHtml } from '../report/html-escape.js';
import { MAX_SEARCH_STATES } from './routes.js';
import { DEFAULT_SEARCH_STATES } from './search.js';

/** The explorer's page: a skeleton the script fills from `/api/view`. The per-run token rides in a meta tag. */
export function explorerPage(model: string, token: string, watchExample = 's'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="vigil-token" content="${escapeHtml(token)}">
<meta name="referrer" content="no-referrer">
<title>Vigil explorer: ${escapeHtml(model)}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/app.css">
</head>
<body>
<header>
  <h1>Vigil explorer: <span id="model">${escapeHtml(model)}</span> <small id="constants"></small></h1>
  <div class="toolbar">
    <label>Branch <select id="branch"></select></label>
    <button id="back" type="button" title="Go back one state (Backspace)">&larr; Back</button>
    <label>Initial state <select id="init"></select></label>
    <button id="start" type="button">Start here</button>
    <span>Path <code id="path"></code></span>
    <a id="permalink" href="#">permalink</a>
  </div>
  <p id="message" role="status"></p>
  <p id="error" role="alert"></p>
</header>
<main>
  <section id="behaviour-panel"><h2>Behaviour</h2><p class="hint">&uarr;/&darr; move, Enter takes the focused action, Backspace goes back</p><ol id="steps" start="1"></ol><p id="loop" hidden></p>
    <div id="why" hidden><h2>Why it broke</h2><pre id="why-text"></pre></div></section>
  <section id="state-panel"><h2>State <span id="state-title"></span></h2><table id="state"><tbody></tbody></table><label id="ghost-toggle" class="hint" hidden><input type="checkbox" id="show-ghosts"> show ghost variables (<span id="ghost-count"></span>)</label><p id="deadlock" hidden>Deadlock: no step is enabled in this state.</p>
    <h2>Watch</h2>
    <form id="watch-form"><input id="watch-input" placeholder="${escapeHtml(watchExample)}" size="28"> <button type="submit">Add</button></form>
    <p class="hint">Expressions over the state <code>s</code>, evaluated in this page (they run as JavaScript in your browser tab).</p>
    <table id="watches"><thead></thead><tbody></tbody></table>
  </section>
  <section id="side-panel">
    <h2>Enabled actions</h2><ul id="actions"></ul><ul id="failures"></ul>
    <h2>Properties here</h2><ul id="properties"></ul>
    <h2>Shortest path from here</h2>
    <form id="search">
      <label>to where <select id="search-property"></select></label>
      <select id="search-want"><option value="holds">holds</option><option value="violated">is violated</option></select>
      <label>max depth <input id="search-depth" type="number" min="1" placeholder="none"></label>
      <label>max states <input id="search-states" type="number" min="1" max="${MAX_SEARCH_STATES}" value="${DEFAULT_SEARCH_STATES}"></label>
      <button type="submit">Find</button>
      <button id="search-cancel" type="button" hidden>Cancel</button>
    </form>
    <p id="search-progress" hidden></p>
    <div id="temporal-panel" hidden><h2>Temporal properties</h2><p class="hint">Checked on whole behaviours: find a fair behaviour that violates one (searches every reachable state).</p><ul id="temporal"></ul></div>
  </section>
</main>
<script src="/app.js"></script>
</body>
</html>
`;
}
