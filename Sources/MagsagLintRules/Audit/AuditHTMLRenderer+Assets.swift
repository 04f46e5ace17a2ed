/// The page's inline stylesheet and script (system fonts only; nothing fetched).
extension AuditHTMLRenderer {
    static let style = """
        :root { --fg: #1d2329; --muted: #5b6670; --line: #d5dbe0; --bg: #ffffff; --head: #f3f5f7;
          --good: #1f7a3a; --fair: #9a6300; --poor: #b3261e; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--fg); background: var(--bg);
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 48px; }
        h1 { font-size: 1.8em; margin: 0 0 4px; }
        h2 { font-size: 1.35em; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
        h3 { font-size: 1.08em; margin: 20px 0 6px; }
        p, li { max-width: 80ch; }
        nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 8px 0 16px; }
        nav a { color: #0b5cad; text-decoration: none; }
        nav a:hover { text-decoration: underline; }
        .scroll { overflow-x: auto; margin: 6px 0 12px; }
        table { border-collapse: collapse; font-size: 0.9em; min-width: 40%; }
        th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        td { overflow-wrap: break-word; max-width: 420px; }
        th { background: var(--head); white-space: nowrap; }
        td.num { text-align: right; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        .js th { cursor: pointer; user-select: none; }
        .js th::after { content: " \\2195"; color: var(--muted); font-size: 0.85em; }
        .js th[aria-sort="ascending"]::after { content: " \\2191"; color: var(--fg); }
        .js th[aria-sort="descending"]::after { content: " \\2193"; color: var(--fg); }
        .score { display: inline-block; min-width: 2.4em; padding: 0 6px; border-radius: 10px; color: #fff; text-align: center; font-weight: 600; }
        .score.good { background: var(--good); } .score.fair { background: var(--fair); } .score.poor { background: var(--poor); }
        svg.graph { font-size: 12px; background: #fcfcfd; border: 1px solid var(--line); border-radius: 6px; max-width: none; }
        svg .col { font-weight: 700; fill: var(--muted); font-size: 13px; }
        .node rect { stroke-width: 1.5; }
        .node text { fill: var(--fg); }
        .node.mag rect, .key.mag { fill: #dbe9fb; stroke: #2f6db5; background: #dbe9fb; border-color: #2f6db5; }
        .node.sag rect, .key.sag { fill: #e2f3e6; stroke: #2e8540; background: #e2f3e6; border-color: #2e8540; }
        .node.skill rect, .key.skill { fill: #fdf1d8; stroke: #b07a12; background: #fdf1d8; border-color: #b07a12; }
        .node.contract rect, .key.contract { fill: #efe7f8; stroke: #6c46a6; background: #efe7f8; border-color: #6c46a6; }
        .node.missing rect, .key.missing { fill: #fff; stroke: var(--poor); stroke-dasharray: 5 3; border-style: dashed; border-color: var(--poor); }
        .edge { fill: none; stroke: #7d8790; stroke-width: 1.3; }
        .edge.delegates { stroke: #2f6db5; } .edge.uses { stroke: #b07a12; }
        .edge.input, .edge.output { stroke: #a08cc6; stroke-width: 1; }
        .legend { color: var(--muted); font-size: 0.9em; }
        .key { display: inline-block; padding: 0 6px; border: 1.5px solid; border-radius: 4px; color: var(--fg); }
        table.nowrap td, table.nowrap th { white-space: nowrap; }
        svg.trend { font-size: 12px; }
        .trend .grid { stroke: var(--line); } .trend .axis { fill: var(--muted); }
        .trend .line { fill: none; stroke-width: 2; }
        .line.overall { stroke: #1d2329; } .line.plans { stroke: #2f6db5; } .line.docs { stroke: #2e8540; } .line.catalog { stroke: #b07a12; }
        .line.findings { stroke: #b3261e; } .line.stale-docs { stroke: #6a3fb5; } .line.open-todos { stroke: #0f7c86; }
        .label.findings, .dot.findings { fill: #b3261e; } .label.stale-docs, .dot.stale-docs { fill: #6a3fb5; } .label.open-todos, .dot.open-todos { fill: #0f7c86; }
        .dot.overall { fill: #1d2329; } .dot.plans { fill: #2f6db5; } .dot.docs { fill: #2e8540; } .dot.catalog { fill: #b07a12; }
        .label.overall { fill: #1d2329; } .label.plans { fill: #2f6db5; } .label.docs { fill: #2e8540; } .label.catalog { fill: #b07a12; }
        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          nav { display: none; }
          .scroll { overflow: visible; }
          table { page-break-inside: auto; }
          tr { page-break-inside: avoid; }
          thead { display: table-header-group; }
          h2 { page-break-after: avoid; }
          .js th::after { content: ""; }
          svg.graph { max-width: 100%; height: auto; }
          .score { color: #000; background: none !important; border: 1px solid #000; }
        }
        """

    static let script = """
        (function () {
          document.documentElement.className += " js";
          function key(cell, numeric) {
            var text = cell ? cell.textContent.trim() : "";
            if (!numeric) return text.toLowerCase();
            var n = parseFloat(text.replace(/[^0-9.+-]/g, ""));
            return isNaN(n) ? -Infinity : n;
          }
          var tables = document.querySelectorAll("table.sortable");
          Array.prototype.forEach.call(tables, function (table) {
            var heads = table.tHead ? table.tHead.rows[0].cells : [];
            Array.prototype.forEach.call(heads, function (th, column) {
              th.tabIndex = 0;
              function sort() {
                var numeric = th.getAttribute("data-type") === "num";
                var descending = th.getAttribute("aria-sort") === "ascending";
                Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
                th.setAttribute("aria-sort", descending ? "descending" : "ascending");
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                rows.forEach(function (row, index) { row._index = index; });
                rows.sort(function (a, b) {
                  var x = key(a.cells[column], numeric), y = key(b.cells[column], numeric);
                  var order = x < y ? -1 : x > y ? 1 : a._index - b._index;
                  return descending ? -order : order;
                });
                rows.forEach(function (row) { body.appendChild(row); });
              }
              th.addEventListener("click", sort);
              th.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); } });
            });
          });
        })();
        """
}
