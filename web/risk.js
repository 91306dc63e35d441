// Dealer risk (经销商风险评分): the report tab of the review page (every dealer's figures
// against the network median, the score and its reasons, CSV) and the score and top
// reason each claim of the review queue shows, joined by dealer from the same report.

import { get, qs, token } from "./api.js";
import { code, t } from "./i18n.js";
import { errorBanner, field, h, mount, table, today, yuan } from "./ui.js";

/** The report as of `date` (today when empty). */
export function loadRisk(date) {
  return get(`/reports/dealer-risk${qs(date ? { report_date: date } : {})}`);
}

/** Dealer code → its report row; an empty map when the report cannot be read. */
export async function riskByDealer() {
  try {
    const r = await loadRisk();
    return new Map(r.dealers.map((d) => [d.dealer, d]));
  } catch {
    return new Map();
  }
}

const fixed = (v, digits) => (v === null || v === undefined ? "—" : Number(v).toFixed(digits));
const pct = (v) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);

/** A reason's figure as the page shows it. */
function figure(reason, v) {
  switch (reason) {
    case "claims_per_unit_high": return fixed(v, 1);
    case "repeat_claims_high": return fixed(v, 2);
    case "near_expiry_high": return pct(v);
    default: return yuan(Math.round(v));
  }
}

/** One reason as a badge, its figures in the tooltip and the text after it. */
export function reasonBadge(r, withFigures = false) {
  const figures = t("risk.reason_figures", { value: figure(r.code, r.value), median: figure(r.code, r.median), ratio: r.ratio >= 3 ? "≥3.00" : fixed(r.ratio, 2) });
  return h("span", {}, h("span", { class: "badge warn", title: figures, dataset: { code: r.code } }, code("RiskReason", r.code)),
    withFigures ? h("span", { class: "small muted" }, ` ${figures}`) : null);
}

/** The score with a tone: 60 and above stands out, 30 and above is worth a look. */
export function scoreBadge(score) {
  const tone = score >= 60 ? "err" : score >= 30 ? "warn" : "ok";
  return h("span", { class: `badge ${tone} risk-score`, title: t("risk.score_title") }, String(score));
}

/** The queue's risk cell of a claim: its dealer's score and top reason. */
export function riskCell(row) {
  if (!row) return h("span", { class: "muted" }, "—");
  return h("span", { class: "risk-cell" }, scoreBadge(row.score), row.reasons.length ? [" ", reasonBadge(row.reasons[0])] : null);
}

/** The report tab: `paint` fills the page body. */
export async function showRiskReport(paint) {
  const date = h("input", { type: "date", id: "risk-date", value: today(), "aria-label": t("risk.report_date") });
  const out = h("div", { id: "risk-out" });
  const show = async () => {
    mount(out, h("p", { class: "muted" }, t("common.loading")));
    try {
      const r = await loadRisk(date.value);
      mount(out,
        h("p", { class: "muted small" }, t("risk.window", { from: r.from_date, to: r.report_date })),
        h("p", { class: "small", id: "risk-medians" }, t("risk.medians", {
          rate: fixed(r.medians.claims_per_100_units, 1),
          repeats: fixed(r.medians.repeats_per_unit, 2),
          near: pct(r.medians.near_expiry_share),
          average: r.medians.average_claim_fen === null ? "—" : yuan(Math.round(r.medians.average_claim_fen)),
        })),
        table([
          { label: t("col.dealer"), cell: (d) => h("span", {}, h("b", {}, d.dealer), " ", h("span", { class: "small muted" }, d.dealer_name)) },
          { label: t("risk.col.score"), cell: (d) => scoreBadge(d.score), class: "num" },
          { label: t("risk.col.reasons"), cell: (d) => h("div", { class: "risk-reasons", style: "min-width:16rem" }, d.reasons.map((x) => h("div", {}, reasonBadge(x, true)))) },
          { label: t("risk.col.units"), cell: (d) => d.units, class: "num" },
          { label: t("risk.col.claims"), cell: (d) => d.claims, class: "num" },
          { label: t("risk.col.per_100"), cell: (d) => fixed(d.claims_per_100_units, 1), class: "num" },
          { label: t("risk.col.repeats"), cell: (d) => `${d.repeat_claims} / ${fixed(d.repeats_per_unit, 2)}`, class: "num" },
          { label: t("risk.col.near_expiry"), cell: (d) => `${d.near_expiry_claims} / ${pct(d.near_expiry_share)}`, class: "num" },
          { label: t("risk.col.average"), cell: (d) => (d.average_claim_fen === null ? "—" : yuan(d.average_claim_fen)), class: "num" },
        ], r.dealers, { empty: t("risk.empty"), id: "risk-table" }));
    } catch (e) {
      mount(out, errorBanner(e));
    }
  };
  const download = async () => {
    try {
      const resp = await fetch(`/api/v1/reports/dealer-risk${qs({ report_date: date.value || today(), format: "csv" })}`, { headers: { authorization: `Bearer ${token()}` } });
      if (!resp.ok) throw new Error(String(resp.status));
      const url = URL.createObjectURL(await resp.blob());
      const a = h("a", { href: url, download: `dealer-risk-${date.value || today()}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      out.prepend(errorBanner(e));
    }
  };
  date.addEventListener("change", show);
  paint(h("div", { class: "card" },
    h("h2", {}, t("risk.title")),
    h("p", { class: "muted small" }, t("risk.explain")),
    h("div", { class: "row", style: "align-items:flex-end;gap:.5rem" }, h("div", { style: "max-width:12rem" }, field(t("risk.report_date"), date)),
      h("button", { type: "button", id: "risk-csv", onclick: download }, t("analytics.csv"))),
    out));
  await show();
}
