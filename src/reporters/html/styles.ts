/** The page's one stylesheet: layout, tables, and the classes the SVG plots draw with; light and dark. */
export const STYLESHEET = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1d2433; --muted: #5b6474; --grid: #e6e9ef; --axis: #8a92a3; --panel: #f6f7f9; --rule: #d5d9e0;
  --s0: #2563eb; --s0-band: #c9d9fb; --s1: #d9480f; --s2: #2b8a3e; --s3: #7048e8; --s4: #0c8599; --s5: #c2255c;
  --read: #94a3b8; --init: #f59f00; --create: #1c7ed6;
  --good: #2b8a3e; --bad: #d6336c; --warn: #b7791f; --bad-bg: rgba(214, 51, 108, 0.12); --neutral: #a3acb9;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171d; --fg: #e3e7ee; --muted: #9aa3b2; --grid: #262b35; --axis: #6b7383; --panel: #1b1f27; --rule: #323846;
    --s0: #6ea8fe; --s0-band: #2a3d5e; --s1: #ff922b; --s2: #69db7c; --s3: #b197fc; --s4: #3bc9db; --s5: #f783ac;
    --read: #8593a8; --init: #fcc419; --create: #4dabf7;
    --good: #69db7c; --bad: #ff6b9a; --warn: #ffd43b; --bad-bg: rgba(255, 107, 154, 0.16); --neutral: #5c6677;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1520px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 16px; margin: 0 0 6px; }
h4 { font-size: 13px; margin: 0 0 4px; color: var(--muted); font-weight: 600; }
a { color: var(--s0); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 7px; border-radius: 4px; font-size: 12px; font-weight: 700; letter-spacing: .02em; color: #fff; vertical-align: 1px; white-space: nowrap; }
.badge.pass { background: var(--good); } .badge.fail { background: var(--bad); } .badge.warn { background: var(--warn); } .badge.muted { background: var(--neutral); }
@media (prefers-color-scheme: dark) { .badge { color: #111; } }
.badge.big { font-size: 16px; padding: 3px 10px; }
.verdict-line { font-size: 15px; margin: 6px 0 14px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
details { margin: 8px 0; } summary { cursor: pointer; color: var(--muted); }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 0 32px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 5px 9px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.name { white-space: nowrap; }
td.notes { min-width: 280px; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
td .interval { display: block; color: var(--muted); font-size: 12px; }
ul.checks, ul.notes { list-style: none; padding: 0; margin: 6px 0; }
ul.checks li, ul.notes li { margin: 2px 0; padding-left: 0; }
ul.checks li .badge { min-width: 44px; text-align: center; margin-right: 6px; }
td ul.checks { margin: 0; font-size: 12.5px; max-width: 560px; }
.problem { border-left: 4px solid var(--bad); background: var(--panel); padding: 8px 12px; margin: 8px 0; }
.problem.skipped { border-left-color: var(--neutral); }
.warning { border-left: 4px solid var(--warn); background: var(--panel); padding: 6px 12px; margin: 6px 0; }
section.row, section.model { border: 1px solid var(--rule); border-radius: 8px; padding: 14px 16px; margin: 16px 0; }
.meta { color: var(--muted); font-size: 12.5px; margin: 2px 0 8px; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 620px), 1fr)); gap: 18px 28px; margin-top: 12px; }
figure { margin: 0; min-width: 0; }
figcaption { font-size: 13px; font-weight: 600; margin-bottom: 2px; }
figcaption .muted { font-weight: 400; }
svg.plot { display: block; width: 100%; height: auto; max-width: 760px; font: 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow: visible; }
svg .axis { stroke: var(--axis); fill: none; shape-rendering: crispEdges; }
svg .grid { stroke: var(--grid); shape-rendering: crispEdges; }
svg .tick, svg .axis-label, svg .note { fill: var(--muted); }
svg .legend-label, svg .row-name, svg .ratio-value, svg .bar-name, svg .bar-value-out { fill: var(--fg); }
svg .group-label, svg .bar-name.gated { fill: var(--fg); font-weight: 600; }
svg .group-rule { stroke: var(--grid); }
svg .ecdf { fill: none; stroke-width: 1.7; stroke-linejoin: round; }
svg .legend { stroke-width: 3; }
svg .s0 { stroke: var(--s0); } svg .s1 { stroke: var(--s1); } svg .s2 { stroke: var(--s2); } svg .s3 { stroke: var(--s3); } svg .s4 { stroke: var(--s4); } svg .s5 { stroke: var(--s5); }
svg .dot.s0 { fill: var(--s0); } svg .dot.s1 { fill: var(--s1); } svg .dot.s2 { fill: var(--s2); } svg .dot.s3 { fill: var(--s3); } svg .dot.s4 { fill: var(--s4); } svg .dot.s5 { fill: var(--s5); }
svg .dot { stroke: var(--bg); stroke-width: 1; }
svg .pct-line { stroke: var(--fg); stroke-dasharray: 3 3; opacity: 0.55; fill: none; }
svg .pct-dot { fill: var(--fg); stroke: var(--bg); stroke-width: 1; }
svg .pct-label { fill: var(--fg); font-weight: 600; }
svg .threshold { stroke: var(--bad); stroke-width: 1.6; fill: none; }
svg .threshold-tie { stroke: var(--bad); stroke-dasharray: 2 2; }
svg .threshold-head { fill: var(--bad); }
svg .threshold-label { fill: var(--bad); font-weight: 600; }
svg .halo { paint-order: stroke; stroke: var(--bg); stroke-width: 3px; stroke-linejoin: round; }
svg .band { stroke: var(--s0-band); fill: none; shape-rendering: crispEdges; }
svg .median { stroke: var(--s0); fill: none; stroke-width: 1.5; stroke-linejoin: round; }
svg .run-line { stroke: var(--s0); fill: none; stroke-width: 1.2; }
svg .run-dot { fill: var(--s0); }
svg .phase-read { fill: var(--read); } svg .phase-init { fill: var(--init); } svg .phase-create { fill: var(--create); }
svg .bar-value { fill: #fff; font-weight: 600; }
svg .mem-gated { fill: var(--s0); } svg .mem-other { fill: var(--neutral); }
svg .ref-line { stroke: var(--fg); stroke-dasharray: 4 3; opacity: 0.7; }
svg .whisker { stroke: var(--fg); stroke-width: 1.4; fill: none; }
svg .whisker.open { stroke-dasharray: 3 3; opacity: 0.8; }
svg .whisker-head { fill: var(--fg); opacity: 0.8; }
svg .over-limit { fill: var(--bad-bg); }
svg .ratio-dot, svg .legend-dot { stroke: var(--bg); stroke-width: 1; }
svg .pass-dot { fill: var(--good); } svg .fail-dot { fill: var(--bad); } svg .warn-dot { fill: var(--warn); } svg .muted-dot { fill: var(--neutral); }
svg .verdict-text { font-weight: 700; }
svg .verdict-text.pass { fill: var(--good); } svg .verdict-text.fail { fill: var(--bad); } svg .verdict-text.warn { fill: var(--warn); } svg .verdict-text.muted { fill: var(--muted); }
footer { margin-top: 36px; color: var(--muted); font-size: 12.5px; }
`;
