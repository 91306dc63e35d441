// Supervisor: requisitions (领料单) waiting for approval, each with its requester, station,
// part names, stock on hand at the issuing location and value; approved or rejected with a
// comment. A second tab is the history of decided requisitions, a third the service
// reports waiting for a supervisor's confirmation.

import { all, newKey, post, seg } from "./api.js";
import { code, t } from "./i18n.js";
import { showServiceReports } from "./service_reports.js";
import { badge, banner, busy, errorBanner, field, h, mount, table, tabs, when, yuan } from "./ui.js";

let body;
let viewSeq = 0;

export async function render(main) {
  body = h("div", { id: "approvals-body" });
  const bar = tabs([
    { id: "pending", label: t("approvals.tab.pending") },
    { id: "history", label: t("approvals.tab.history") },
    { id: "service-reports", label: t("approvals.tab.service_reports") },
  ], "pending", (id) => {
    if (id === "history") showHistory();
    else if (id === "service-reports") {
      viewSeq++;
      showServiceReports(body);
    } else show();
  });
  mount(main, h("h1", {}, t("approvals.title")), bar, body);
}

/** Who asked: the token's name with its id, or the id alone. */
function person(id, name) {
  return name ? h("span", { title: id }, name, h("span", { class: "muted small" }, ` (${id})`)) : h("span", { class: "mono" }, id || "—");
}

function station(c, r) {
  return h("div", {},
    h("div", {}, h("span", { class: "mono" }, r.location), c.location_name ? ` ${c.location_name}` : ""),
    c.dealer ? h("div", { class: "muted small" }, t("approvals.dealer", { code: c.dealer, name: c.dealer_name || "" })) : null);
}

/** The lines of one requisition with name, quantity, on hand, unit and line value. */
function linesTable(c, r) {
  const reasons = Object.fromEntries(r.lines.map((l) => [l.line, l.reason]));
  return h("div", { class: "table-wrap" }, h("table", { class: "approval-lines" },
    h("thead", {}, h("tr", {},
      h("th", {}, "#"),
      h("th", {}, t("approvals.col.part_no")),
      h("th", {}, t("approvals.col.part_name")),
      h("th", { class: "num" }, t("col.qty")),
      h("th", { class: "num" }, t("approvals.col.on_hand")),
      h("th", { class: "num" }, t("approvals.col.unit_value")),
      h("th", { class: "num" }, t("approvals.col.line_value")))),
    h("tbody", {}, c.lines.map((l) => h("tr", { class: l.shortfall_qty > 0 ? "shortfall" : null, dataset: { part: l.part_no } },
      h("td", { class: "num" }, l.line),
      h("td", { class: "mono" }, l.part_no),
      h("td", {}, l.part_name || "—", reasons[l.line] ? h("div", { class: "muted small" }, reasons[l.line]) : null),
      h("td", { class: "num" }, `${l.qty}${l.unit ? ` ${l.unit}` : ""}`),
      h("td", { class: "num on-hand" }, String(l.on_hand_qty),
        l.shortfall_qty > 0 ? h("div", { class: "small shortfall-note" }, t("approvals.short_by", { n: l.shortfall_qty })) : null),
      h("td", { class: "num" }, yuan(l.unit_value_fen), l.at_standard_cost ? h("div", { class: "muted small" }, t("approvals.at_standard_cost")) : null),
      h("td", { class: "num" }, yuan(l.line_value_fen))))),
    h("tfoot", {}, h("tr", {},
      h("td", { colspan: 6, class: "num" }, t("approvals.total_value")),
      h("td", { class: "num total-value" }, h("b", {}, yuan(c.total_value_fen)))))));
}

async function show(notice) {
  const id = ++viewSeq;
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  try {
    const list = (await all("/approvals/requisitions", {}, 2000))
      .sort((a, b) => String(a.requisition.submitted_at).localeCompare(String(b.requisition.submitted_at)));
    if (id !== viewSeq) return;
    mount(body, notice || null,
      h("h2", {}, t("approvals.waiting", { n: list.length })),
      h("p", { class: "muted small" }, t("approvals.hint")),
      list.length ? h("div", { id: "approvals-list" }, list.map(card)) : h("p", { class: "muted", id: "approvals-table" }, t("approvals.empty")));
  } catch (e) {
    if (id === viewSeq) mount(body, errorBanner(e));
  }
}

/** One pending requisition as a card: header facts, lines, decision. */
function card({ requisition: r, context: c }) {
  return h("div", { class: "card approval", dataset: { number: r.number } },
    h("div", { class: "row", style: "justify-content:space-between;align-items:baseline" },
      h("h3", { style: "margin:0" }, r.number, " ", badge("Purpose", r.purpose)),
      c.short ? h("span", { class: "badge err" }, t("approvals.shortfall")) : null),
    h("dl", { class: "facts" },
      h("dt", {}, t("approvals.requester")), h("dd", { class: "requester" }, person(r.requester, c.requester_name)),
      h("dt", {}, t("approvals.station")), h("dd", {}, station(c, r)),
      r.unit_serial ? [h("dt", {}, t("col.unit")), h("dd", { class: "mono" }, r.unit_serial)] : null,
      r.service_request ? [h("dt", {}, t("approvals.col.service_request")), h("dd", { class: "mono service-request" }, r.service_request)] : null,
      h("dt", {}, t("col.submitted")), h("dd", {}, when(r.submitted_at))),
    linesTable(c, r),
    decide(r));
}

function decide(r) {
  const out = h("div");
  const comment = h("input", { placeholder: t("approvals.comment_placeholder"), autocomplete: "off", "aria-label": t("approvals.comment") });
  const act = (verb) => {
    const b = h("button", {
      class: verb === "approve" ? "primary" : "danger",
      onclick: () => busy(b, out, async () => {
        const text = comment.value.trim();
        if (verb === "reject" && !text) throw new Error(t("approvals.say_why"));
        await post(`/requisitions/${seg(r.number)}/${verb}`, { comment: text || null }, { key: newKey(), version: r.version });
        show(banner("ok", t(verb === "approve" ? "approvals.approved" : "approvals.rejected", { number: r.number })));
      }),
    }, t(verb === "approve" ? "approvals.approve" : "approvals.reject"));
    return b;
  };
  return h("div", { class: "actions", style: "display:flex;flex-wrap:wrap;gap:.3rem" }, comment, act("approve"), act("reject"), out);
}

// ---- History ----

async function showHistory() {
  const id = ++viewSeq;
  const from = h("input", { type: "date", id: "history-from" });
  const to = h("input", { type: "date", id: "history-to" });
  const q = h("input", { type: "search", id: "history-q", placeholder: t("approvals.search"), autocomplete: "off" });
  const results = h("div");
  const load = async () => {
    mount(results, h("p", { class: "muted" }, t("common.loading")));
    try {
      const list = await all("/approvals/requisitions", { decided: true, from_date: from.value, to_date: to.value, q: q.value.trim() }, 1000);
      if (id !== viewSeq) return;
      mount(results, table([
        { label: t("approvals.col.requisition"), cell: (x) => h("b", {}, x.requisition.number) },
        { label: t("col.status"), cell: (x) => badge("RequisitionStatus", x.requisition.status) },
        { label: t("approvals.requester"), cell: (x) => person(x.requisition.requester, x.context.requester_name) },
        { label: t("approvals.station"), cell: (x) => station(x.context, x.requisition), class: "hide-narrow" },
        { label: t("col.parts"), cell: (x) => x.context.lines.map((l) => h("div", { class: "small" }, `${l.part_no} ${l.part_name || ""} × ${l.qty}`)) },
        { label: t("approvals.col.decided_by"), cell: (x) => decider(x.requisition) },
        { label: t("approvals.col.decided_at"), cell: (x) => when(x.requisition.decided_at || x.requisition.closed_at) },
        { label: t("approvals.col.reason"), cell: (x) => x.requisition.decision_comment || "—" },
      ], list, { empty: t("approvals.no_history"), id: "history-table" }));
    } catch (e) {
      mount(results, errorBanner(e));
    }
  };
  const filter = h("form", { class: "row", onsubmit: (ev) => { ev.preventDefault(); load(); } },
    field(t("approvals.decided_from"), from), field(t("approvals.decided_to"), to), field(t("approvals.search"), q),
    h("button", { type: "submit" }, t("approvals.filter")));
  mount(body, h("div", { class: "card" }, h("h2", {}, t("approvals.history")), filter, results));
  await load();
}

/** Who decided: the supervisor for an approval or rejection; a cancellation names none. */
function decider(r) {
  if (r.decided_by) return h("span", { class: "mono" }, r.decided_by);
  return h("span", { class: "muted" }, code("RequisitionStatus", r.status));
}
