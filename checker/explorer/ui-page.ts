import { escapeHtml } from '../report/html-escape.js';

/** The explorer's page: a skeleton the script fills from `/api/view`. */
export function explorerPage(model: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Vigil explorer: ${escapeHtml(model)}</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<header>
  <h1>Vigil explorer: <span id="model">${escapeHtml(model)}</span> <small id="constants"></small></h1>
  <div class="toolbar">
    <label>Branch <select id="branch"></select></label>
    <button id="back" type="button" title="Go back one state">&larr; Back</button>
    <label>Initial state <select id="init"></select></label>
    <button id="start" type="button">Start here</button>
    <span>Path <code id="path"></code></span>
  </div>
  <p id="message" role="status"></p>
  <p id="error" role="alert"></p>
</header>
<main>
  <section id="behaviour-panel"><h2>Behaviour</h2><ol id="steps" start="1"></ol></section>
  <section id="state-panel"><h2>State <span id="state-title"></span></h2><table id="state"><tbody></tbody></table><p id="deadlock" hidden>Deadlock: no step is enabled in this state.</p></section>
  <section id="side-panel">
    <h2>Enabled actions</h2><ul id="actions"></ul><ul id="failures"></ul>
    <h2>Properties in this state</h2><ul id="properties"></ul>
    <h2>Shortest path from here</h2>
    <form id="search">
      <label>to a state where <select id="search-property"></select></label>
      <select id="search-want"><option value="holds">holds</option><option value="violated">is violated</option></select>
      <label>max depth <input id="search-depth" type="number" min="1" placeholder="none"></label>
      <button type="submit">Find</button>
    </form>
  </section>
</main>
<script src="/app.js"></script>
</body>
</html>
`;
}
