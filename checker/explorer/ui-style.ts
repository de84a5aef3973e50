/** The explorer page's style sheet. */
export const explorerStyle = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
header { padding: 8px 16px; background: #fff; border-bottom: 1px solid #ddd; }
h1 { font-size: 18px; margin: 4px 0; } h1 small { font-weight: normal; color: #666; }
h2 { font-size: 14px; margin: 12px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
.toolbar { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
#message { margin: 4px 0; min-height: 1em; } #message.success { color: #0a5; } #message.info { color: #333; } #message.warning { color: #a40; font-weight: 600; } #error { color: #c00; margin: 0; font-weight: 600; }
.hint { color: #777; font-size: 12px; margin: 2px 0 6px; }
#steps .source { display: block; font: 11px ui-monospace, monospace; color: #36c; font-weight: normal; }
#steps .failure { display: block; color: #c00; font-weight: 600; }
#steps li.failed { border-left: 3px solid #c00; }
.action:focus { outline: 2px solid #36c; }
.property .kind { color: #888; font-size: 12px; }
#watches { margin-top: 6px; } #watches th { text-align: left; font: 12px ui-monospace, monospace; } #watches tr.current td { background: #dbe6ff; }
#watches .remove { border: 0; background: none; color: #c00; cursor: pointer; }
#search-progress { color: #555; }
main { display: grid; grid-template-columns: minmax(220px, 1fr) minmax(280px, 1.3fr) minmax(300px, 1.5fr); gap: 16px; padding: 0 16px 16px; }
main > section { min-width: 0; }
#steps li, #steps .label, #why-text { overflow-wrap: anywhere; }
#steps li.loop-start { box-shadow: inset 3px 0 0 #a40; }
#loop { margin: 4px 0 0 28px; color: #a40; font-weight: 600; }
#why { border-left: 3px solid #c00; padding-left: 8px; }
#why-text { white-space: pre-wrap; font: 12px/1.4 ui-monospace, monospace; margin: 0; }
#temporal { list-style: none; padding: 0; margin: 0; } #temporal li { padding: 2px 0; } #temporal button { margin-left: 6px; }
tr.ghost { display: none; } #state.show-ghosts tr.ghost { display: table-row; color: #888; }
section { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 0 12px 12px; overflow: auto; }
#steps { padding-left: 28px; margin: 0; }
#steps li { cursor: pointer; padding: 2px 4px; border-radius: 4px; }
#steps li:hover { background: #eef3ff; }
#steps li.current { background: #dbe6ff; font-weight: 600; }
#steps .changes, .action .changes { display: block; font: 12px ui-monospace, monospace; color: #666; font-weight: normal; }
.actor { display: inline-block; min-width: 2em; padding: 0 4px; margin-right: 4px; border-radius: 3px; background: #eee; font-size: 12px; }
table { border-collapse: collapse; width: 100%; font: 13px ui-monospace, monospace; }
td { border-bottom: 1px solid #eee; padding: 3px 6px; vertical-align: top; word-break: break-word; }
td.name { font-weight: 600; white-space: nowrap; }
tr.changed td { background: #fff4c2; }
#actions, #failures, #properties { list-style: none; padding: 0; margin: 0; }
.action { border: 1px solid #e3e3e3; border-radius: 4px; margin: 4px 0; padding: 4px 6px; }
.action.on-branch { border-color: #7aa2ff; }
.action button { float: right; }
.violates, .failure { color: #c00; }
.property { padding: 2px 0; }
.property[data-holds="true"]::before { content: "\\2713  "; color: #0a5; font-weight: bold; }
.property[data-holds="false"]::before { content: "\\2717  "; color: #c00; font-weight: bold; }
.property[data-holds="false"] .name { color: #c00; font-weight: 600; }
.property .description { color: #666; font-size: 12px; }
#search { display: flex; flex-wrap: wrap; gap: 6px 8px; align-items: center; }
#search-depth { width: 5em; }
`;
