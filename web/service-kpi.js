// The KPI dashboard of after-sales service: 服务及时率, 用户满意程度 and 用户抱怨率 of the
// requests closed in a period, against the company's targets, per dealer, assignee or
// month, drawn as inline SVG bars, with the requests behind each figure; exportable as CSV.

import { call, get, qs } from "./api.js";
import { bars } from "./charts.js";
import { code, t } from "./i18n.js";
import { busy, errorBanner, field, h, mount, table, today } from "./ui.js";

let body;

export async function render(main) {
  const from = h("input", { id: "kpi-from", type: "date", value: `${today().slice(0, 8)}01` });
  const to = h("input", { id: "kpi-to", type: "date", value: today() });
  const group = h("select", { id: "kpi-group" }, ["dealer", "assignee", "month", "network"].map((g) => h("option", { value: g }, code("KpiGroupBy", g))));
  const params = () => ({ from_date: from.value, to_date: to.value, group_by: group.value });
  const showBtn = h("button", { id: "kpi-show", class: "primary", onclick: () => show(params()) }, t("kpi.show"));
  const out = h("div");
  const csv = h("button", { id: "kpi-csv", onclick: () => busy(csv, out, async () => {
    const text = await call("GET", `/reports/service-kpi${qs({ ...params(), format: "csv" })}`, { raw: true });
    const a = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" })), download: `service-kpi-${from.value}-${to.value}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
  }) }, t("kpi.csv"));
  body = h("div", { id: "kpi-body" });
  mount(main, h("h1", {}, t("kpi.title")),
    h("div", { class: "card row" }, field(t("kpi.from"), from), field(t("kpi.to"), to), field(t("kpi.group"), group), showBtn, csv, out),
    body);
  await show(params());
}

const pct = (v) => (v === null || v === undefined ? "—" : `${v.toFixed(1)}%`);
const met = (v) => (v === null || v === undefined ? "" : h("span", { class: `badge ${v ? "ok" : "err"}` }, t(v ? "kpi.met" : "kpi.not_met")));

function card(id, label, value, target, ok, n) {
  return h("div", { class: "card", id },
    h("h2", {}, label),
    h("div", { class: "rate" }, pct(value)),
    h("p", { class: "muted small" }, target, " ", met(ok)),
    h("p", { class: "muted small" }, n));
}

async function show(p) {
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  try {
    const r = await get(`/reports/service-kpi${qs(p)}`);
    const n = r.network;
    const tg = r.targets;
    const series = [
      { name: t("kpi.timeliness"), color: "#1d4ed8" },
      { name: t("kpi.satisfaction"), color: "#15803d" },
      { name: t("kpi.complaint"), color: "#b91c1c" },
    ];
    const label = (row) => (r.group_by === "network" ? t("KpiGroupBy.network") : row.key || t("kpi.none"));
    const chart = bars(r.rows.map((row) => ({ label: label(row), values: [row.timeliness_pct || 0, row.satisfaction_pct || 0, row.complaint_pct || 0] })),
      series, { title: t("kpi.chart"), format: (v) => pct(v) });
    mount(body,
      h("div", { class: "kpi-cards" },
        card("kpi-timeliness", t("kpi.timeliness"), n.timeliness_pct, t("kpi.target_at_least", { pct: tg.timeliness_pct }), n.timeliness_met,
          t("kpi.of", { n: n.on_time, d: n.closed })),
        card("kpi-satisfaction", t("kpi.satisfaction"), n.satisfaction_pct, t("kpi.target_at_least", { pct: tg.satisfaction_pct }), n.satisfaction_met,
          t("kpi.of", { n: n.satisfied, d: n.reached })),
        card("kpi-complaint", t("kpi.complaint"), n.complaint_pct, t("kpi.target_below", { pct: tg.complaint_pct }), n.complaint_met,
          t("kpi.of", { n: n.complaints, d: n.closed }))),
      h("div", { class: "card" }, h("h2", {}, t("kpi.chart")),
        h("p", { class: "row small" }, series.map((s) => h("span", {}, h("span", { class: "swatch", style: `color:${s.color}` }, "■ "), s.name))),
        h("div", { id: "kpi-chart" }, chart)),
      h("div", { class: "card" }, table([
        { label: code("KpiGroupBy", r.group_by), cell: label },
        { label: t("kpi.closed"), cell: (x) => String(x.closed) },
        { label: t("kpi.timeliness"), cell: (x) => [pct(x.timeliness_pct), " ", met(x.timeliness_met)] },
        { label: t("kpi.satisfaction"), cell: (x) => [pct(x.satisfaction_pct), " ", met(x.satisfaction_met)] },
        { label: t("kpi.complaint"), cell: (x) => [pct(x.complaint_pct), " ", met(x.complaint_met)] },
        { label: t("kpi.late"), cell: (x) => h("span", { class: "mono small" }, x.late_requests.join(" ") || "—"), class: "hide-narrow" },
      ], r.rows, { id: "kpi-table", empty: t("kpi.empty") })));
  } catch (e) {
    mount(body, errorBanner(e));
  }
}
