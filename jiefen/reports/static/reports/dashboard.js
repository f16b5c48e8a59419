// The dashboard's charts, drawn with ECharts from the JSON that the page carries
// (#reports-data, written by Django's json_script): no inline script. The same numbers are in
// each chart's data table and links (server-rendered); this only draws them.
//
// Read from across the room (the wall screen): type scales with the screen's width, legends
// are plain and wrap (never paged with "1/2" arrows nobody can click), pie labels sit outside
// and hide rather than overlap, bar labels are on the bars.
(function () {
  "use strict";
  const source = document.getElementById("reports-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const wall = !!data.wall;
  const theme = wall ? "dark" : null;
  // 12 px on a desk; on the wall about 1/100 of the width: 19 px at 1920, 38 px at 3840.
  const big = wall ? Math.max(16, Math.round(window.innerWidth / 100)) : 12;
  const charts = [];

  function go(url) {
    if (url && !wall) window.location.href = url;
  }

  function legend(extra) {
    return Object.assign({ type: "plain", top: 0, left: "center", textStyle: { fontSize: big },
                           itemWidth: big * 2, itemHeight: Math.round(big * 0.8), itemGap: big }, extra || {});
  }

  function init(panel, option, onClick) {
    const el = document.querySelector(`[data-chart="${panel.key}"]`);
    if (!el) return;
    const chart = echarts.init(el, theme, { renderer: "canvas" });
    chart.setOption(Object.assign({ backgroundColor: "transparent", textStyle: { fontSize: big }, animation: !wall }, option));
    chart.on("click", onClick || ((params) => go(panel.urls[params.dataIndex])));
    charts.push(chart);
  }

  function pie(panel) {
    const s = panel.series[0];
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{
        type: "pie", radius: ["30%", "55%"], center: ["50%", "52%"],
        data: panel.categories.map((name, i) => ({ name: name, value: s.data[i] })),
        avoidLabelOverlap: true,
        label: { position: "outside", formatter: "{b}\n{c}", fontSize: big, overflow: "break" },
        labelLine: { show: true, length: big * 0.6, length2: big * 0.6 },
        labelLayout: { hideOverlap: true, moveOverlap: "shiftY" },
      }],
    };
  }

  function bars(panel, horizontal, stacked) {
    const category = { type: "category", data: panel.categories,
                       axisLabel: { fontSize: big, interval: 0, width: wall ? big * 8 : 110, overflow: "truncate",
                                    rotate: horizontal ? 0 : 30 } };
    const value = { type: "value", minInterval: 1, axisLabel: { fontSize: big } };
    const many = panel.series.length > 1;
    return {
      tooltip: { trigger: "axis" },
      legend: many ? legend() : undefined,
      // Room for two rows of legend, should it wrap.
      grid: { left: 8, right: big * 2.5, top: many ? big * 5 : big, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign(category, { inverse: true }) : value,
      series: panel.series.map((s) => ({
        type: "bar", name: s.name, data: s.data, stack: stacked ? "state" : undefined,
        label: { show: true, position: stacked ? "inside" : (horizontal ? "right" : "top"), fontSize: big,
                 formatter: (p) => (p.value ? p.value : "") },
        labelLayout: { hideOverlap: true },
      })),
    };
  }

  // The clock board's states keep their meaning in colour and in words (legend, labels).
  const STATE_COLOURS = ["#2e9d5b", "#e0a100", "#d9363e"];

  const LINE_SYMBOLS = ["circle", "rect", "diamond", "triangle"];
  const LINE_DASHES = ["solid", "dashed", "solid", "dotted"];

  function trend(panel) {
    return {
      tooltip: { trigger: "axis" },
      // Two rows of legend at most: the grid starts below them.
      legend: legend(),
      grid: { left: 8, right: 16, top: big * 5, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: panel.categories, axisLabel: { fontSize: big } },
      yAxis: [
        { type: "value", minInterval: 1, splitLine: { show: false }, axisLabel: { fontSize: big } },
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%", fontSize: big } },
      ],
      // Each rate its own symbol and dash, later ones drawn smaller: two rates at the same
      // value (both 100 %) stay visible one over the other, and match their legend.
      series: panel.series.map((s, i) => s.kind === "line"
        ? { name: s.name, type: "line", yAxisIndex: 1, data: s.data, connectNulls: false, showAllSymbol: true,
            symbol: LINE_SYMBOLS[(i - 1) % LINE_SYMBOLS.length],
            symbolSize: Math.round(big * (1.1 - 0.15 * (i - 1))),
            lineStyle: { width: (wall ? 4 : 2.5) - 0.5 * (i - 1), type: LINE_DASHES[(i - 1) % LINE_DASHES.length] } }
        : { name: s.name, type: "bar", yAxisIndex: 0, data: s.data, itemStyle: { opacity: 0.35 } }),
    };
  }

  Object.values(data.panels).forEach((panel) => {
    if (!panel.categories.length) return;
    if (panel.shape === "pie") init(panel, pie(panel));
    else if (panel.shape === "trend") init(panel, trend(panel));
    else if (panel.shape === "stacked") {
      const option = bars(panel, true, true);
      option.color = STATE_COLOURS;
      init(panel, option, (params) => go((panel.cell_urls[params.dataIndex] || [])[params.seriesIndex]));
    } else init(panel, bars(panel, panel.shape === "hbars", false));
  });

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  if (data.refresh) setTimeout(() => window.location.reload(), data.refresh * 1000);
})();
