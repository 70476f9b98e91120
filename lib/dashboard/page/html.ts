/** The dashboard page's HTML and style; its script is page/main.ts (compiled), uPlot comes from /vendor. */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wgan-gp dashboard</title>
<link rel="stylesheet" href="/vendor/uPlot.min.css">
<script type="importmap">{ "imports": { "uplot/dist/uPlot.js": "/vendor/uPlot.esm.js" } }</script>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, "DejaVu Sans", sans-serif; color: #222; display: flex; height: 100vh; }
  #side { width: 260px; min-width: 200px; border-right: 1px solid #ddd; display: flex; flex-direction: column; background: #fafafa; }
  #side h1 { font-size: 16px; margin: 12px; }
  #root { margin: 0 12px 6px; color: #666; font-size: 12px; word-break: break-all; }
  #filter { margin: 0 12px 8px; padding: 4px 6px; }
  #runs { list-style: none; margin: 0; padding: 0 4px 12px; overflow-y: auto; flex: 1; }
  #runs li { display: flex; align-items: center; gap: 6px; padding: 3px 8px; border-radius: 4px; cursor: pointer; }
  #runs li:hover { background: #eee; }
  #runs li.selected { background: #e3edf7; }
  #runs .swatch { width: 10px; height: 10px; border-radius: 2px; flex: none; }
  #runs .name { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #runs .state { color: #888; font-size: 11px; }
  main { flex: 1; overflow-y: auto; padding: 12px 18px 40px; }
  #messages .message { padding: 6px 10px; margin-bottom: 8px; border-radius: 4px; background: #fff4e5; border: 1px solid #f0c36d; }
  #messages .message.error { background: #fdecea; border-color: #e57373; }
  #toolbar { display: flex; gap: 16px; align-items: center; margin-bottom: 10px; color: #444; }
  #progress .run { display: flex; gap: 12px; align-items: center; margin: 4px 0; flex-wrap: wrap; }
  #progress progress { width: 180px; }
  #progress .label { font-weight: 600; }
  #layout { display: flex; gap: 18px; align-items: flex-start; flex-wrap: wrap; }
  #charts { flex: 1 1 620px; display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 14px; }
  .chart { border: 1px solid #e4e4e4; border-radius: 6px; padding: 8px 10px 4px; background: #fff; }
  .chart h3 { font-size: 13px; margin: 0 0 2px; }
  .chart .legend { font-size: 12px; color: #555; display: flex; gap: 12px; flex-wrap: wrap; min-height: 16px; }
  .chart .legend i { display: inline-block; width: 18px; height: 0; border-top: 2px solid; vertical-align: middle; margin-right: 4px; }
  .chart .note { font-size: 11px; color: #888; min-height: 15px; }
  .chart .readout { font-size: 11px; color: #333; min-height: 15px; }
  #aside { flex: 0 1 360px; min-width: 280px; }
  #samples img { width: 100%; image-rendering: pixelated; border: 1px solid #ddd; background: #fff; }
  #samples input[type=range] { width: 100%; }
  #config pre { font-size: 11px; background: #f6f6f6; padding: 8px; overflow-x: auto; max-height: 420px; }
  .empty { color: #777; padding: 24px 0; }
</style>
</head>
<body>
<nav id="side">
  <h1>wgan-gp runs</h1>
  <div id="root"></div>
  <input id="filter" type="search" placeholder="filter runs">
  <ul id="runs"></ul>
</nav>
<main>
  <div id="messages"></div>
  <div id="toolbar">
    <label>smoothing <select id="smoothing">
      <option value="0">off</option><option value="0.005">0.5% of the run</option><option value="0.01" selected>1% of the run</option>
      <option value="0.02">2% of the run</option><option value="0.05">5% of the run</option><option value="0.1">10% of the run</option>
    </select></label>
    <span id="hint">click a run to show it; tick others to overlay them</span>
  </div>
  <div id="progress"></div>
  <div id="layout">
    <div id="charts"></div>
    <div id="aside">
      <section id="samples"></section>
      <section id="config"></section>
    </div>
  </div>
</main>
<script type="module" src="/app/dashboard/page/main.js"></script>
</body>
</html>
`;
}
