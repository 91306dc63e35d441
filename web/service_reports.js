// Supervisor: service reports (服务报告) waiting for confirmation. One opens with its
// details and its photos; a supervisor other than its author confirms it, and a confirmed
// report prints as the service record.

import { all, get, newKey, post, seg } from "./api.js";
import { t } from "./i18n.js";
import { attachmentsCard } from "./attachments.js";
import { banner, busy, errorBanner, h, modal, mount, openHtml, table, when, yuan } from "./ui.js";

let seq = 0;

/** The tab: unconfirmed reports (oldest first) and the latest confirmed ones. */
export async function showServiceReports(body, notice) {
  const id = ++seq;
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  try {
    const [waiting, done] = await Promise.all([
      all("/service-reports", { confirmed: false }, 1000),
      get("/service-reports?confirmed=true&limit=20"),
    ]);
    if (id !== seq) return;
    waiting.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
    const open = (r) => openReport(r.number, () => showServiceReports(body, banner("ok", t("service_reports.confirmed_notice", { number: r.number }))));
    mount(body, notice || null,
      h("div", { class: "card" },
        h("h2", {}, t("service_reports.waiting", { n: waiting.length })),
        h("p", { class: "muted small" }, t("service_reports.hint")),
        table(columns(), waiting, { empty: t("service_reports.none_waiting"), id: "reports-table", onRow: open })),
      h("div", { class: "card" },
        h("h2", {}, t("service_reports.recent_confirmed")),
        table([...columns(), { label: t("service_reports.confirmed_at"), cell: (r) => when(r.confirmed_at) }], done.items,
          { empty: t("service_reports.none_confirmed"), id: "confirmed-reports-table", onRow: open })));
  } catch (e) {
    if (id === seq) mount(body, errorBanner(e));
  }
}

function columns() {
  return [
    { label: t("col.number"), cell: (r) => h("b", {}, r.number) },
    { label: t("col.unit"), cell: (r) => h("span", { class: "mono" }, r.unit_serial) },
    { label: t("col.location"), cell: (r) => r.location, class: "hide-narrow" },
    { label: t("service_reports.fault_code"), cell: (r) => h("span", { class: "mono" }, r.fault_code) },
    { label: t("service_reports.customer"), cell: (r) => r.customer_name, class: "hide-narrow" },
    { label: t("service_reports.signed_at"), cell: (r) => when(r.customer_signed_at) },
    { label: t("col.status"), cell: (r) => status(r) },
  ];
}

function status(r) {
  return r.confirmed_at
    ? h("span", { class: "badge ok" }, t("service_reports.status.confirmed"))
    : h("span", { class: "badge info" }, t("service_reports.status.waiting"));
}

/** One report in a dialog: details, consumed parts, photos, confirm or print. */
async function openReport(number, confirmed) {
  const content = h("div", { id: "report-view" }, h("p", { class: "muted" }, t("common.loading")));
  const dlg = modal(t("service_reports.heading", { number }), content);
  try {
    const r = await get(`/service-reports/${seg(number)}`);
    const out = h("div");
    const confirm = h("button", { class: "primary", id: "confirm-report" }, t("service_reports.confirm"));
    confirm.addEventListener("click", () => busy(confirm, out, async () => {
      await post(`/service-reports/${seg(r.number)}/confirm`, {}, { key: newKey(), version: r.version });
      dlg.close();
      confirmed();
    }));
    const print = h("button", { id: "print-report" }, t("service_reports.print"));
    print.addEventListener("click", () => openHtml(`/service-reports/${seg(r.number)}/print`));
    mount(content,
      h("dl", { class: "facts" },
        fact(t("service_reports.status"), status(r)),
        fact(t("col.unit"), h("span", { class: "mono" }, r.unit_serial)),
        fact(t("col.location"), r.location),
        r.requisition ? fact(t("service_reports.requisition"), h("span", { class: "mono" }, r.requisition)) : null,
        fact(t("service_reports.fault_code"), h("span", { class: "mono" }, r.fault_code)),
        fact(t("service_reports.description"), r.description),
        r.usage_km != null ? fact(t("service_reports.usage_km"), t("service_reports.km", { n: r.usage_km.toLocaleString("en-US") })) : null,
        r.usage_hours != null ? fact(t("service_reports.usage_hours"), t("service_reports.hours", { n: r.usage_hours })) : null,
        fact(t("service_reports.labor"), t("service_reports.minutes", { n: r.labor_minutes })),
        fact(t("service_reports.travel"), yuan(r.travel_fen)),
        fact(t("service_reports.customer"), r.customer_name),
        fact(t("service_reports.signed_at"), when(r.customer_signed_at)),
        fact(t("service_reports.author"), h("span", { class: "mono" }, r.author)),
        r.confirmed_at ? fact(t("service_reports.confirmed_by"), [h("span", { class: "mono" }, r.confirmed_by), ` · ${when(r.confirmed_at)}`]) : null),
      h("h3", {}, t("service_reports.consumed")),
      table([
        { label: t("col.part"), cell: (c) => h("span", { class: "mono" }, c.part_no) },
        { label: t("col.qty"), cell: (c) => c.qty, class: "num" },
      ], r.consumed, { empty: t("service_reports.none_consumed") }),
      attachmentsCard(r.number),
      out,
      h("div", { class: "actions" }, r.confirmed_at ? print : confirm));
  } catch (e) {
    mount(content, errorBanner(e));
  }
}

function fact(label, value) {
  return [h("dt", {}, label), h("dd", {}, value)];
}
