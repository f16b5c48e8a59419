// The dashboard's charts, drawn with ECharts from the JSON that the page carries
// (#reports-data, written by Django's json_script): no inline script.
(function () {
  "use strict";
  const source = document.getElementById("reports-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const theme = data.wall ? "dark" : null;
  const big = data.wall ? 18 : 12;
  const charts = [];

  function go(params) {
    const url = params.data && params.data.url;
    if (url) window.location.href = url;
  }

  function noData(el) {
    el.classList.add("reports-nodata");
    el.textContent = el.dataset.empty || "暂无数据";
  }

  function init(name, option, onClick) {
    const el = document.querySelector(`[data-chart="${name}"]`);
    if (!el) return;
    if (option === null) { noData(el); return; }
    const chart = echarts.init(el, theme, { renderer: "canvas" });
    chart.setOption(Object.assign({ backgroundColor: "transparent", textStyle: { fontSize: big } }, option));
    chart.on("click", onClick || go);
    charts.push(chart);
  }

  function pie(rows) {
    if (!rows.length) return null;
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0, type: "scroll", textStyle: { fontSize: big } },
      series: [{ type: "pie", radius: ["35%", "65%"], top: -20, data: rows,
                 label: { formatter: "{b}\n{c}", fontSize: big } }],
    };
  }

  function bars(rows, horizontal) {
    if (!rows.length) return null;
    const names = rows.map((r) => r.name);
    const category = { type: "category", data: names, axisLabel: { fontSize: big, interval: 0, rotate: horizontal ? 0 : 30 } };
    const value = { type: "value", minInterval: 1, axisLabel: { fontSize: big } };
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 32, top: 28, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign(category, { inverse: true }) : value,
      series: [{ type: "bar", data: rows, label: { show: true, position: horizontal ? "right" : "top", fontSize: big } }],
    };
  }

  init("status", pie(data.status));
  init("channel", pie(data.channel));
  init("category", bars(data.category, true));
  init("street", bars(data.street, false));
  init("village", bars(data.village, true));

  const t = data.trend;
  init("trend", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, textStyle: { fontSize: big } },
    grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: t.months, axisLabel: { fontSize: big } },
    yAxis: [
      { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%", fontSize: big } },
      { type: "value", minInterval: 1, splitLine: { show: false }, axisLabel: { fontSize: big } },
    ],
    series: [{ name: "接待量", type: "bar", yAxisIndex: 1, data: t.received, itemStyle: { opacity: 0.35 } }]
      .concat(t.series.map((s) => ({ name: s.name, type: "line", data: s.data, connectNulls: false, showAllSymbol: true, symbolSize: 10 }))),
  }, (params) => { const url = t.urls[params.dataIndex]; if (url) window.location.href = url; });

  const a = data.arrival;
  init("arrival", a && a.bands && a.bands.length ? {
    tooltip: { trigger: "axis" },
    legend: { top: 0, textStyle: { fontSize: big } },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: a.bands, axisLabel: { fontSize: big } },
    yAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: big } },
    series: a.series.map((s) => ({ name: s.name, type: "bar", data: s.data })),
  } : null);

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  if (data.refresh) setTimeout(() => window.location.reload(), data.refresh * 1000);
})();
