// Inline SVG charts drawn here: vertical bars by period, horizontal bars by category,
// and paired bars (two series). No library.

const NS = "http://www.w3.org/2000/svg";

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A "nice" upper bound for an axis of four steps. */
function niceMax(v) {
  if (v <= 0) return 4;
  const step = v / 4;
  const p = 10 ** Math.floor(Math.log10(step));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= step) return 4 * m * p;
  return 40 * p;
}

function compact(v) {
  const trim = (x) => String(Number(x.toFixed(2)));
  const a = Math.abs(v);
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e3) return `${trim(v / 1e3)}k`;
  return trim(v);
}

/**
 * Vertical bars. `data`: `[{label, values: [n, …]}]` (one value per series);
 * `series`: `[{name, color}]`; `scale` turns a raw value into the axis unit (fen → yuan).
 */
export function bars(data, series, { scale = (v) => v, title = "", height = 220, format = String } = {}) {
  const width = 560;
  const left = 48;
  const bottom = 34;
  const top = 12;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...data.flatMap((d) => d.values.map(scale))));
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  svg.append(s("title", {}, title));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = top + plotH - (plotH * i) / 4;
    svg.append(s("line", { x1: left, x2: width - 4, y1: y, y2: y, stroke: "#e5e7eb" }));
    svg.append(s("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, compact(v)));
  }
  const slot = (width - left - 8) / Math.max(1, data.length);
  const barW = Math.min(34, (slot - 10) / series.length);
  data.forEach((d, i) => {
    const x0 = left + i * slot + (slot - barW * series.length) / 2;
    d.values.forEach((raw, j) => {
      const v = scale(raw);
      const bh = (plotH * Math.max(0, v)) / max;
      const rect = s("rect", { x: x0 + j * barW, y: top + plotH - bh, width: Math.max(1, barW - 2), height: bh, fill: series[j].color, rx: 2 });
      rect.append(s("title", {}, `${d.label} · ${series[j].name}: ${format(raw)}`));
      svg.append(rect);
    });
    svg.append(s("text", { x: left + i * slot + slot / 2, y: height - bottom + 16, "text-anchor": "middle" }, d.label));
  });
  svg.append(s("line", { x1: left, x2: width - 4, y1: top + plotH, y2: top + plotH, stroke: "#9ca3af" }));
  return svg;
}

/** Horizontal bars: `data` `[{label, value}]`, largest first. */
export function hbars(data, { scale = (v) => v, title = "", color = "#1d4ed8", format = String } = {}) {
  const rowH = 26;
  const left = 120;
  const right = 90;
  const width = 560;
  const height = 8 + data.length * rowH;
  const max = niceMax(Math.max(0, ...data.map((d) => scale(d.value))));
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  svg.append(s("title", {}, title));
  data.forEach((d, i) => {
    const y = 4 + i * rowH;
    const w = ((width - left - right) * Math.max(0, scale(d.value))) / max;
    svg.append(s("text", { x: left - 8, y: y + 16, "text-anchor": "end" }, d.label));
    const rect = s("rect", { x: left, y: y + 3, width: Math.max(1, w), height: rowH - 8, fill: color, rx: 2 });
    rect.append(s("title", {}, `${d.label}: ${format(d.value)}`));
    svg.append(rect);
    svg.append(s("text", { x: left + w + 6, y: y + 16 }, format(d.value)));
  });
  return svg;
}

/**
 * A line with a point per value: `data` `[{label, value}]` in order along the x axis
 * (the MIS curve). Only every n-th label is written when there are many.
 */
export function line(data, { title = "", format = String, height = 240, xTitle = "", yTitle = "", color = "#b91c1c" } = {}) {
  const width = 560;
  const left = 52;
  const bottom = 40;
  const top = 14;
  const plotH = height - top - bottom;
  const plotW = width - left - 12;
  const max = niceMax(Math.max(0, ...data.map((d) => d.value)));
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title, class: "line-chart" });
  svg.append(s("title", {}, title));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = top + plotH - (plotH * i) / 4;
    svg.append(s("line", { x1: left, x2: width - 4, y1: y, y2: y, stroke: "#e5e7eb" }));
    svg.append(s("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, compact(v)));
  }
  const step = plotW / Math.max(1, data.length);
  const x = (i) => left + step * i + step / 2;
  const y = (v) => top + plotH - (plotH * Math.max(0, v)) / max;
  const every = Math.ceil(data.length / 12);
  if (data.length) {
    const d = data.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
    svg.append(s("path", { d, fill: "none", stroke: color, "stroke-width": 2 }));
  }
  data.forEach((p, i) => {
    const dot = s("circle", { cx: x(i), cy: y(p.value), r: 3.5, fill: color });
    dot.append(s("title", {}, `${p.label}: ${format(p.value)}`));
    svg.append(dot);
    if (i % every === 0) svg.append(s("text", { x: x(i), y: height - bottom + 16, "text-anchor": "middle" }, p.label));
  });
  svg.append(s("line", { x1: left, x2: width - 4, y1: top + plotH, y2: top + plotH, stroke: "#9ca3af" }));
  if (xTitle) svg.append(s("text", { x: left + plotW / 2, y: height - 4, "text-anchor": "middle" }, xTitle));
  if (yTitle) svg.append(s("text", { x: 12, y: top + plotH / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${top + plotH / 2})` }, yTitle));
  return svg;
}
