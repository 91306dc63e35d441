// Warranty analytics (三包质量分析): the months-in-service (MIS) curve and table, the Nevada
// table of sale-month cohorts, the early-warning list per part and the reserve estimate.
// Every figure is aggregated on the server; the page never downloads units or claims.

import { get, qs, token } from "./api.js";
import { hbars, line } from "./charts.js";
import { t } from "./i18n.js";
import { errorBanner, field, h, mount, table, tabs, today, yuan } from "./ui.js";

let body;
let filters;
let view = "mis";

export async function render(main, me) {
  body = h("div", { id: "analytics-body" });
  filters = filterForm();
  const items = [
    { id: "mis", label: t("analytics.tab.mis") },
    { id: "nevada", label: t("analytics.tab.nevada") },
    { id: "warning", label: t("analytics.tab.warning") },
  ];
  if (me.role !== "reviewer") {
    items.push({ id: "reserve", label: t("analytics.tab.reserve") }, { id: "cost", label: t("analytics.tab.cost") });
  }
  const bar = tabs(items, "mis", (id) => {
    view = id;
    show();
  });
  mount(main, h("h1", {}, t("analytics.title")), bar, filters, body);
}

const FIELDS = [
  ["model", "text"],
  ["part", "text"],
  ["supplier", "text"],
  ["fault_code", "text"],
  ["sale_month", "month"],
  ["production_month", "month"],
];

function filterForm() {
  const inputs = [
    field(t("analytics.f.report_date"), h("input", { type: "date", name: "report_date", value: today() })),
    field(t("analytics.f.basis"), h("select", { name: "basis" },
      h("option", { value: "filed" }, t("analytics.basis.filed")),
      h("option", { value: "approved" }, t("analytics.basis.approved")))),
    field(t("analytics.f.months"), h("input", { type: "number", name: "months", min: 1, max: 120, value: 24, inputmode: "numeric" })),
    ...FIELDS.map(([name, type]) => field(t(`analytics.f.${name}`), h("input", { type, name, autocomplete: "off" }))),
  ];
  return h("form", { id: "analytics-filters", class: "card filters", onsubmit: (e) => { e.preventDefault(); show(); } },
    ...inputs,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "analytics-apply" }, t("analytics.apply")),
      h("button", { type: "button", id: "analytics-csv", onclick: download }, t("analytics.csv"))));
}

function params() {
  const p = {};
  for (const el of filters.querySelectorAll("input, select")) {
    if (el.value.trim()) p[el.name] = el.value.trim();
  }
  return p;
}

let seq = 0;
async function show() {
  const id = ++seq;
  const paint = (...c) => id === seq && mount(body, ...c);
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  filters.querySelector("#analytics-csv").hidden = !(view === "mis" || view === "nevada");
  try {
    paint(...(await VIEWS[view]()));
  } catch (e) {
    paint(errorBanner(e));
  }
}

const rate = (r) => (r === null || r === undefined ? "—" : r.toFixed(2));

const VIEWS = {
  async mis() {
    const r = await get(`/reports/mis${qs(params())}`);
    const points = r.rows.filter((x) => x.rate_per_1000 !== null).map((x) => ({ label: String(x.mis), value: x.rate_per_1000 }));
    const chart = line(points, { title: t("analytics.mis.curve"), format: rate, xTitle: t("analytics.col.mis"), yTitle: t("analytics.col.rate") });
    return [
      h("div", { class: "card", id: "mis-summary" },
        h("p", {}, t("analytics.mis.summary", { units: r.units, claims: r.claims, beyond: r.claims_beyond, date: r.report_date }))),
      h("div", { class: "card chart", id: "mis-chart" }, h("h2", {}, t("analytics.mis.curve")), h("p", { class: "muted" }, t("analytics.mis.note")), chart),
      h("div", { class: "card" }, table([
        { label: t("analytics.col.mis"), cell: (x) => x.mis, class: "num" },
        { label: t("analytics.col.at_risk"), cell: (x) => x.at_risk, class: "num" },
        { label: t("analytics.col.claims"), cell: (x) => x.claims, class: "num" },
        { label: t("analytics.col.rate"), cell: (x) => rate(x.rate_per_1000), class: "num" },
      ], r.rows, { id: "mis-table" })),
    ];
  },

  async nevada() {
    const p = params();
    const r = await get(`/reports/nevada${qs(p)}`);
    const months = Math.min(Number(p.months || 24), 36);
    const head = h("tr", {}, h("th", {}, t("analytics.col.sale_month")), h("th", { class: "num" }, t("analytics.col.units")),
      Array.from({ length: months }, (_, i) => h("th", { class: "num" }, String(i + 1))));
    const rows = r.cohorts.map((c) => h("tr", {}, h("th", {}, c.sale_month), h("td", { class: "num" }, c.units),
      c.rows.slice(0, months).map((x) => h("td", {
        class: x.at_risk > 0 ? "num" : "num muted",
        title: t("analytics.nevada.cell", { claims: x.claims, at_risk: x.at_risk, rate: rate(x.rate_per_1000) }),
      }, x.at_risk > 0 || x.claims > 0 ? String(x.claims) : ""))));
    return [
      h("div", { class: "card" }, h("h2", {}, t("analytics.nevada.title")), h("p", { class: "muted" }, t("analytics.nevada.note")),
        r.cohorts.length
          ? h("div", { class: "table-wrap" }, h("table", { id: "nevada-table" }, h("thead", {}, head), h("tbody", {}, rows)))
          : h("p", { class: "muted" }, t("common.nothing_here"))),
    ];
  },

  async warning() {
    const r = await get(`/reports/early-warning${qs(params())}`);
    const pct = (v) => `${(v * 100).toFixed(3)}%`;
    return [
      h("div", { class: "card" },
        h("h2", {}, t("analytics.warning.title")),
        h("p", { class: "muted" }, t("analytics.warning.note", { from: r.baseline_from, to: r.baseline_to, months: r.months.join(t("common.list_sep")), parts: r.parts_judged })),
        table([
          { label: t("analytics.col.month"), cell: (f) => f.month },
          { label: t("col.part"), cell: (f) => f.part_no },
          { label: t("analytics.col.claims"), cell: (f) => f.claims, class: "num" },
          { label: t("analytics.col.units"), cell: (f) => f.units, class: "num" },
          { label: t("analytics.col.p"), cell: (f) => pct(f.p), class: "num" },
          { label: t("analytics.col.ucl"), cell: (f) => pct(f.ucl), class: "num" },
          { label: t("analytics.col.p_bar"), cell: (f) => `${pct(f.p_bar)} (${f.baseline_claims}/${f.baseline_units})`, class: "num" },
        ], r.flags, { id: "warning-table", empty: t("analytics.warning.none") })),
    ];
  },

  async reserve() {
    const p = params();
    const r = await get(`/reports/reserve${qs({ report_date: p.report_date, model: p.model })}`);
    return [
      h("div", { class: "card" },
        h("h2", {}, t("analytics.reserve.title")),
        h("p", { class: "muted" }, t("analytics.reserve.note")),
        h("p", { class: "kpi", id: "reserve-total" }, yuan(r.total_reserve_fen)),
        table([
          { label: t("analytics.f.model"), cell: (m) => m.model },
          { label: t("analytics.col.coverage"), cell: (m) => m.coverage_months, class: "num" },
          { label: t("analytics.col.in_coverage"), cell: (m) => `${m.units_in_coverage} / ${m.units}`, class: "num" },
          { label: t("analytics.col.approved_claims"), cell: (m) => m.approved_claims, class: "num" },
          { label: t("analytics.col.average_cost"), cell: (m) => yuan(m.average_cost_fen), class: "num" },
          { label: t("analytics.col.expected"), cell: (m) => m.expected_claims.toFixed(1), class: "num" },
          { label: t("analytics.col.reserve"), cell: (m) => yuan(m.reserve_fen), class: "num" },
        ], r.models, { id: "reserve-table" })),
    ];
  },
};

VIEWS.cost = async function cost() {
  const r = await get(`/reports/cost${qs({ to_date: params().report_date })}`);
  const cols = (keyLabel) => [
    { label: keyLabel, cell: (x) => x.key },
    { label: t("analytics.col.claims"), cell: (x) => x.claims, class: "num" },
    { label: t("analytics.col.approved"), cell: (x) => yuan(x.approved_fen), class: "num" },
    { label: t("analytics.col.recovered"), cell: (x) => yuan(x.recovered_fen), class: "num" },
    { label: t("analytics.col.net"), cell: (x) => yuan(x.net_fen), class: "num" },
    { label: t("analytics.col.units"), cell: (x) => x.units_sold, class: "num" },
    { label: t("analytics.col.per_unit"), cell: (x) => (x.net_per_unit_fen === null ? "—" : yuan(x.net_per_unit_fen)), class: "num" },
  ];
  const block = (id, title, keyLabel, rows) => h("div", { class: "card chart", id },
    h("h2", {}, title),
    rows.length ? hbars(rows.slice(0, 10).map((x) => ({ label: x.key, value: x.net_fen })), { title, scale: (v) => v / 100, format: yuan }) : null,
    table(cols(keyLabel), rows));
  return [
    h("div", { class: "card", id: "cost-total" },
      h("p", {}, t("analytics.cost.total", { approved: yuan(r.total.approved_fen), recovered: yuan(r.total.recovered_fen), net: yuan(r.total.net_fen), units: r.units_sold, date: r.to_date }))),
    block("cost-model", t("analytics.cost.by_model"), t("analytics.f.model"), r.by_model),
    block("cost-supplier", t("analytics.cost.by_supplier"), t("analytics.f.supplier"), r.by_supplier),
    block("cost-dealer", t("analytics.cost.by_dealer"), t("analytics.cost.dealer"), r.by_dealer),
  ];
};

/** Downloads the current table as CSV (the API's own export, with the bearer token). */
async function download() {
  const path = view === "nevada" ? "/reports/nevada" : "/reports/mis";
  try {
    const resp = await fetch(`/api/v1${path}${qs({ ...params(), format: "csv" })}`, { headers: { authorization: `Bearer ${token()}` } });
    if (!resp.ok) throw new Error(String(resp.status));
    const url = URL.createObjectURL(await resp.blob());
    const a = h("a", { href: url, download: `${view}-${params().report_date || today()}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    body.prepend(errorBanner(e));
  }
}
