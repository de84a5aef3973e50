/** The report's style sheet (inline: the page must open from disk with no network). */
export const reportStyle = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d1d1f; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; color: #fff; background: #c00000; }
.verdict[data-verdict="ok"] { background: #0a7a3c; } .verdict[data-verdict="incomplete"] { background: #9a6700; }
.message { font-size: 15px; margin: 8px 0; }
.property .description { color: #444; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
.diagram { overflow: auto; max-height: 85vh; border: 1px solid #e3e3e3; border-radius: 6px; padding: 0 8px 8px; background: #fcfcfc; }
.diagram svg.sequence-head { position: sticky; top: 0; z-index: 2; display: block; background: #fcfcfc; }
.diagram svg.sequence { display: block; }
/* Scaled to the page, so a narrow window still shows the changes column; the body's
   negative margin (under the sticky head) is a percentage of the width, so it scales too. */
.diagram svg.sequence, .diagram svg.sequence-head { width: 100%; height: auto; }
svg.sequence { font: 12px system-ui, sans-serif; }
svg .lifeline { stroke: #b9b9b9; stroke-dasharray: 4 4; }
svg .lane-head { fill: #eef2fb; stroke: #7d8fb8; }
svg .lane-name { font-weight: 600; }
svg .lane-legend { fill: #556; font-size: 10.5px; }
svg .step .step-detail { fill: #800; font-size: 11px; }
svg .held { fill: #b35c00; opacity: .75; }
svg .track-head { fill: #555; font-weight: 600; font-size: 11px; }
svg .count-line { stroke: #2b6cb0; stroke-width: 2; fill: none; }
svg .count-value { fill: #2b6cb0; font-size: 11px; font-weight: 600; }
svg .band { opacity: .35; } svg .band-value { font-size: 10.5px; fill: #333; }
svg .band-0 { fill: #38a169; } svg .band-1 { fill: #3182ce; } svg .band-2 { fill: #d69e2e; } svg .band-3 { fill: #805ad5; } svg .band-4 { fill: #e53e3e; } svg .band-5 { fill: #718096; }
svg .step rect { fill: #fff; stroke: #5b6b8c; }
svg .step.initial rect { fill: #f3f3f3; stroke: #999; }
svg .step.violation rect { fill: #ffe3e3; stroke: #c00000; stroke-width: 2.5; }
svg .step .step-params { fill: #555; font-family: ui-monospace, monospace; font-size: 11px; }
svg .step .step-violation { fill: #c00000; font-weight: 600; }
svg .state-number { fill: #777; }
svg .changes { fill: #555; font-family: ui-monospace, monospace; font-size: 11px; }
svg .changes-head { fill: #777; font-style: italic; }
svg .connector { fill: none; stroke: #9aa6bf; stroke-width: 1.2; }
svg marker path { fill: #9aa6bf; }
svg .lasso path { fill: none; stroke: #b35c00; stroke-width: 2; }
svg .lasso text { fill: #b35c00; font-weight: 600; }
.toggle { margin: 6px 0 10px; }
#state-table { border-collapse: collapse; font: 12.5px ui-monospace, SFMono-Regular, Menlo, monospace; }
#state-table th, #state-table td { border: 1px solid #e1e1e1; padding: 3px 8px; vertical-align: top; text-align: left; }
.table-scroll { overflow: auto; max-height: 85vh; border: 1px solid #e3e3e3; }
#state-table th { background: #f4f4f4; position: sticky; top: 0; z-index: 2; }
#state-table td.num, #state-table th.num { position: sticky; left: 0; background: #fafafa; z-index: 1; }
#state-table td.action, #state-table th.action { position: sticky; left: 2.6em; background: #fafafa; z-index: 1; min-width: 16em; max-width: 28em; }
#state-table th.num, #state-table th.action { z-index: 3; }
#state-table.quiet-hidden .quiet { display: none; }
#state-table.folds-closed tr.folded:not(.open) { display: none; }
#state-table .unfold { display: block; border: 0; background: #eef2fb; border-radius: 4px; cursor: pointer; font: inherit; margin-bottom: 2px; }
#state-table.folds-closed tr.fold-first:not(.open) .label { display: none; }
#state-table .source { display: block; color: #36c; font-size: 11px; }
#state-table .failure { display: block; color: #c00000; font-weight: 600; white-space: normal; }
#state-table th.read, #state-table tr.violation td.read { outline: 2px solid #c00000; outline-offset: -2px; }
#state-table td.watch-value, #state-table th.watch { background: #eef7ff; }
#why { border-left: 4px solid #c00000; padding: 2px 12px; background: #fff7f7; }
#why .definition { background: #fff; padding: 1px 4px; } #why .read { background: #ffe3e3; padding: 0 3px; border-radius: 3px; }
#why .source, .source { color: #36c; font: 12px ui-monospace, monospace; }
#state-table td.var.changed { background: #fff4c2; }
#state-table tr.violation td { border-top: 2px solid #c00000; border-bottom: 2px solid #c00000; }
#state-table tr.violation td.num, #state-table tr.violation td.action { color: #c00000; font-weight: 600; }
#state-table .delta { display: none; }
#state-table.changed-only tr:not(.initial) td.var .full { display: none; }
#state-table.changed-only tr:not(.initial) td.var.changed .delta { display: inline; }
#state-table.changed-only tr.violation td.var.read:not(.changed) .full { display: inline; }
.note { color: #666; font-size: 13px; }
`;
