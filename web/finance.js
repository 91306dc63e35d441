// Finance: reconciliation (帐物一致), account balances, warranty cost and recovery charts,
// dealer settlements (三包费用核销通知) and supplier claims (二次索赔).

import { all, get, newKey, post, qs, seg } from "./api.js";
import { bars, hbars } from "./charts.js";
import { accountName, code, t } from "./i18n.js";
import { badge, banner, busy, errorBanner, field, h, modal, mount, openHtml, table, tabs, today, toFen, when, yuan } from "./ui.js";
import { documentView, journalVoucher, kindOf } from "./documents.js";
import { accountLedger, journalView } from "./books.js";

let body;

export async function render(main) {
  body = h("div", { id: "finance-body" });
  const bar = tabs([
    { id: "overview", label: t("finance.tab.overview") },
    { id: "accounts", label: t("finance.tab.accounts") },
    { id: "settlements", label: t("finance.tab.settlements") },
    { id: "supplier-claims", label: t("finance.tab.supplier_claims") },
    { id: "journal", label: t("finance.tab.journal") },
  ], "overview", (id) => VIEWS[id]());
  mount(main, h("h1", {}, t("finance.title")), bar, body);
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("doc")) showDocument(hash.get("doc"), hash.get("kind"));
}

const VIEWS = {
  overview: showOverview,
  accounts: showAccounts,
  settlements: showSettlements,
  "supplier-claims": showSupplierClaims,
  journal: showJournal,
};

let viewSeq = 0;

/** Shows the loading note, then runs `fn(paint)`: `paint` fills the page only while this view is current. */
async function guard(fn) {
  const id = ++viewSeq;
  const paint = (...children) => id === viewSeq && mount(body, ...children);
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  try {
    await fn(paint);
  } catch (e) {
    paint(errorBanner(e));
  }
}

const money = yuan;

// ---- Overview: reconciliation, totals, charts ----

async function showOverview() {
  viewSeq++;
  const recon = h("div", { class: "card", id: "reconciliation" }, h("p", { class: "muted" }, t("finance.reconciling")));
  const kpis = h("div", { class: "grid3" });
  const charts = h("div", { class: "grid2" });
  mount(body, recon, kpis, charts);
  loadReconciliation(recon);
  try {
    // The server aggregates the chart figures; the page never downloads the claims.
    const [report, cost] = await Promise.all([
      get("/reports/recovery"),
      get(`/reports/warranty-cost${qs({ months: 12 })}`),
    ]);
    mount(kpis,
      kpi(t("finance.kpi.cost"), money(report.warranty_cost_fen), t("finance.kpi.cost_note")),
      kpi(t("finance.kpi.recovered"), money(report.recovered_fen), t("finance.kpi.paid_so_far", { amount: money(report.paid_fen) })),
      kpi(t("finance.kpi.net"), money(report.net_cost_fen), t("finance.kpi.net_note")));
    mount(charts,
      chartCard(t("finance.chart.by_month"), t("finance.chart.by_month_note"), byMonth(cost.by_month)),
      chartCard(t("finance.chart.by_model"), t("finance.chart.by_model_note"), byModel(cost.by_model)),
      chartCard(t("finance.chart.recovery"), t("finance.chart.recovery_note"), bySupplier(report.by_supplier)),
      chartCard(t("finance.chart.by_part"), t("finance.chart.by_part_note"), table([
        { label: t("col.part"), cell: (r) => r.key },
        { label: t("col.claimed"), cell: (r) => yuan(r.claimed_fen), class: "num" },
        { label: t("finance.col.accepted"), cell: (r) => yuan(r.accepted_fen), class: "num" },
        { label: t("finance.col.rate"), cell: (r) => (r.recovery_pct === null || r.recovery_pct === undefined ? "—" : `${r.recovery_pct}%`), class: "num" },
      ], report.by_part, { empty: t("finance.no_supplier_claims_submitted") })));
  } catch (e) {
    mount(charts, errorBanner(e));
  }
}

async function loadReconciliation(card) {
  try {
    const r = await get("/reconciliation");
    const c = r.checked;
    mount(card,
      h("h2", {}, t("finance.reconciliation")),
      r.balanced
        ? h("div", { class: "big-status ok", id: "recon-status" }, `✓ ${t("finance.balanced")}`)
        : h("div", { class: "big-status err", id: "recon-status" }, `✗ ${t("finance.differences", { n: r.difference_count })}`),
      h("p", { class: "muted small" }, t("finance.checked", { journal: c.journal_entries.toLocaleString("en-US"), stock: c.stock_entries.toLocaleString("en-US"), accounts: c.accounts, balances: c.stock_balances })),
      r.balanced ? null : table([
        { label: t("finance.col.kind"), cell: (d) => h("span", { dataset: { code: d.code }, title: d.message }, code("Difference", d.code)) },
        { label: t("finance.col.where"), cell: (d) => [d.account ? `${d.account} ${accountName(d.account)}` : null, d.location, d.part_no].filter(Boolean).join(" · ") },
        { label: t("finance.col.expected"), cell: (d) => (d.expected ?? "—"), class: "num" },
        { label: t("finance.col.actual"), cell: (d) => (d.actual ?? "—"), class: "num" },
        { label: t("col.document"), cell: (d) => (d.document ? docLink(d.document, d.document_kind) : "—") },
      ], r.differences, { id: "differences" }),
      h("div", { class: "actions" }, h("button", { onclick: () => loadReconciliation(card) }, t("finance.run_again"))));
  } catch (e) {
    mount(card, h("h2", {}, t("finance.reconciliation")), errorBanner(e));
  }
}

function kpi(label, value, note) {
  return h("div", { class: "card" }, h("div", { class: "muted small" }, label), h("div", { style: "font-size:1.6rem;font-weight:700" }, value), h("div", { class: "muted small" }, note));
}

function chartCard(title, note, content) {
  return h("div", { class: "card chart" }, h("h3", {}, title), h("div", { class: "muted small", style: "margin-bottom:.5rem" }, note), content);
}

const yuanScale = (fen) => fen / 100;

function byMonth(months) {
  if (!months.some((m) => m.claims > 0)) return h("p", { class: "muted" }, t("finance.no_decided"));
  return h("div", {},
    bars(months.map((m) => ({ label: m.month, values: [m.approved_fen] })), [{ name: t("finance.series.approved"), color: "#1d4ed8" }],
      { scale: yuanScale, title: t("finance.chart.by_month_yuan"), format: money }),
    h("div", { class: "legend" }, h("span", {}, h("i", { style: "background:#1d4ed8" }), t("finance.legend.approved_yuan"))));
}

function byModel(rows) {
  if (!rows.length) return h("p", { class: "muted" }, t("finance.no_decided"));
  const data = rows.map((r) => ({ label: r.key, value: r.approved_fen }));
  return hbars(data, { scale: yuanScale, title: t("finance.chart.by_model"), format: money });
}

function bySupplier(rows) {
  if (!rows.length) return h("p", { class: "muted" }, t("finance.no_supplier_claims_submitted"));
  const series = [{ name: t("finance.series.claimed"), color: "#94a3b8" }, { name: t("finance.series.accepted"), color: "#15803d" }];
  return h("div", {},
    bars(rows.map((r) => ({ label: r.key, values: [r.claimed_fen, r.accepted_fen] })), series, { scale: yuanScale, title: t("finance.chart.recovery_yuan"), format: money }),
    h("div", { class: "legend" }, series.map((x) => h("span", {}, h("i", { style: `background:${x.color}` }), x.name))),
    table([
      { label: t("col.supplier"), cell: (r) => r.key },
      { label: t("col.claimed"), cell: (r) => yuan(r.claimed_fen), class: "num" },
      { label: t("finance.col.accepted"), cell: (r) => yuan(r.accepted_fen), class: "num" },
      { label: t("finance.col.rate"), cell: (r) => (r.recovery_pct == null ? "—" : `${r.recovery_pct}%`), class: "num" },
    ], rows));
}

// ---- Documents ----

// Where each kind of document is read; the API says a document's kind (`document_kind`).
const DOCS = {
  receipt: "/stock/receipts/",
  transfer: "/stock/transfers/",
  stocktake: "/stocktakes/",
  requisition: "/requisitions/",
  service_report: "/service-reports/",
  claim: "/claims/",
  settlement: "/settlements/",
  supplier_claim: "/supplier-claims/",
  old_part: "/old-parts/",
  service_request: "/service-requests/",
  dealer_payment: "/dealer-payments/",
  parts_order: "/parts-orders/",
  shipment: "/shipments/",
  dealer_return: "/dealer-returns/",
  reversal: "/reversals/",
};

function docLink(number, known) {
  const kind = known || kindOf(number);
  const hash = new URLSearchParams({ doc: number, ...(kind ? { kind } : {}) });
  return h("a", { href: `#${hash}`, class: "mono doc-link", onclick: (ev) => { ev.preventDefault(); showDocument(number, kind); } }, number);
}

/** A document (of `kind`, when known) with its journal entries, in a dialog. */
async function showDocument(number, kind) {
  const content = h("div", {}, h("p", { class: "muted" }, t("common.loading")));
  modal(t(kind ? "finance.document_of_kind" : "finance.document", { number, kind: code("DocumentKind", kind) }), content);
  const route = Object.hasOwn(DOCS, kind || "") ? DOCS[kind] : null;
  try {
    const [doc, journal] = await Promise.all([
      route ? get(`${route}${seg(number)}`) : Promise.resolve(null),
      get(`/journal${qs({ document: number, limit: 100 })}`),
    ]);
    mount(content,
      doc ? documentView(kind, doc, docLink) : h("p", { class: "muted" }, t("finance.no_viewer")),
      h("h3", {}, t("finance.journal_entries")),
      journal.items.length ? journal.items.map((e) => journalVoucher(e, docLink)) : h("p", { class: "muted" }, t("finance.no_entries_for_document")));
  } catch (e) {
    mount(content, errorBanner(e));
  }
}

// ---- Accounts ----

async function showAccounts() {
  await guard(async (paint) => {
    const [accounts, names] = await Promise.all([all("/accounts", {}, 5000), accountOwners()]);
    const groups = new Map();
    for (const a of accounts) {
      const g = a.code.split(":")[0];
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(a);
    }
    paint(h("div", { class: "card" },
      h("h2", {}, t("finance.account_balances")),
      h("p", { class: "muted small" }, t("finance.accounts_hint")),
      table([
        { label: t("finance.col.account"), cell: (a) => h("span", { class: "mono" }, a.code) },
        { label: t("col.name"), cell: (a) => accountName(a.code, names) },
        { label: t("finance.col.debit"), cell: (a) => (a.balance_fen > 0 ? yuan(a.balance_fen) : ""), class: "num" },
        { label: t("finance.col.credit"), cell: (a) => (a.balance_fen < 0 ? yuan(-a.balance_fen) : ""), class: "num" },
      ], accounts, { id: "accounts-table", onRow: (a) => showEntries(a.code, names) }),
      h("p", { class: "muted small" }, t("finance.totals", { debits: money(accounts.filter((a) => a.balance_fen > 0).reduce((s, a) => s + a.balance_fen, 0)), credits: money(-accounts.filter((a) => a.balance_fen < 0).reduce((s, a) => s + a.balance_fen, 0)) }))));
  });
}

/** Names of the locations, dealers and suppliers that accounts end with, by code. */
async function accountOwners() {
  const lists = await Promise.all(["/locations", "/dealers", "/suppliers"].map((p) => all(p, {}, 5000).catch(() => [])));
  return Object.fromEntries(lists.flat().map((x) => [x.code, x.name]));
}

function showEntries(account, names) {
  return accountLedger(account, names, docLink);
}

// ---- Journal ----

async function showJournal() {
  viewSeq++;
  await journalView((...children) => mount(body, ...children), docLink);
}

// ---- Settlements ----

async function showSettlements(notice) {
  await guard(async (paint) => {
    const [list, dealers] = await Promise.all([all("/settlements", {}, 5000), all("/dealers")]);
    const out = h("div");
    const dealer = h("select", { id: "settle-dealer" }, dealers.map((d) => h("option", { value: d.code }, `${d.code} · ${d.name}`)));
    const from = h("input", { id: "settle-from", type: "date", value: `${today().slice(0, 4)}-01-01`, required: true });
    const to = h("input", { id: "settle-to", type: "date", value: today(), required: true });
    const create = h("button", { class: "primary", id: "create-settlement", type: "submit" }, t("finance.draw_settlement"));
    const form = h("form", {
      onsubmit: (ev) => {
        ev.preventDefault();
        busy(create, out, async () => {
          const se = await post("/settlements", { dealer: dealer.value, period_from_date: from.value, period_to_date: to.value }, { key: newKey() });
          showSettlements(banner("ok", t("finance.settlement_drawn", { number: se.number, dealer: se.dealer, n: se.lines.length, amount: money(se.total_fen) })));
        });
      },
    }, h("div", { class: "row" }, field(t("col.dealer"), dealer), field(t("finance.decided_from"), from), field(t("finance.to"), to), create));
    paint(notice || null,
      h("div", { class: "card" }, h("h2", {}, t("finance.new_settlement")),
        h("p", { class: "muted small" }, t("finance.new_settlement_hint")), form, out),
      h("div", { class: "card" }, h("h2", {}, t("finance.tab.settlements")), table([
        { label: t("col.number"), cell: (x) => h("b", {}, x.number) },
        { label: t("col.dealer"), cell: (x) => x.dealer },
        { label: t("col.period"), cell: (x) => `${x.period_from_date} – ${x.period_to_date}`, class: "hide-narrow" },
        { label: t("col.status"), cell: (x) => badge("SettlementStatus", x.status) },
        { label: t("col.lines"), cell: (x) => x.lines.length, class: "num" },
        { label: t("col.total"), cell: (x) => yuan(x.total_fen), class: "num" },
        { label: "", cell: (x) => settlementActions(x, out) },
      ], list, { empty: t("dealer.no_settlements"), id: "settlements-table" })));
  });
}

function action(label, out, fn, cls) {
  const b = h("button", { class: cls, onclick: () => busy(b, out, fn) }, label);
  return b;
}

function settlementActions(x, out) {
  const path = `/settlements/${seg(x.number)}`;
  const opts = () => ({ key: newKey(), version: x.version });
  return h("div", { class: "actions" },
    x.status === "draft" ? action(t("finance.issue"), out, async () => {
      await post(`${path}/issue`, {}, opts());
      showSettlements(banner("ok", t("finance.issued_to", { number: x.number, dealer: x.dealer })));
    }, "primary") : null,
    x.status === "issued" ? action(t("finance.confirm_for_dealer"), out, async () => {
      if (!confirm(t("finance.confirm_question", { number: x.number, dealer: x.dealer }))) return;
      await post(`${path}/confirm`, {}, opts());
      showSettlements(banner("ok", t("finance.confirmed", { number: x.number })));
    }) : null,
    x.status === "draft" || x.status === "issued" ? action(t("finance.cancel"), out, async () => {
      if (!confirm(t("finance.cancel_question", { number: x.number }))) return;
      await post(`${path}/cancel`, {}, opts());
      showSettlements(banner("ok", t("finance.cancelled", { number: x.number })));
    }, "danger") : null,
    x.status !== "draft" && x.status !== "cancelled" ? h("button", { onclick: () => openHtml(`${path}/notice`) }, t("dealer.notice")) : null,
    h("button", { class: "view-document", onclick: () => showDocument(x.number, "settlement") }, t("finance.view")));
}

// ---- Supplier claims ----

async function showSupplierClaims(notice) {
  await guard(async (paint) => {
    const [list, suppliers] = await Promise.all([all("/supplier-claims", {}, 5000), all("/suppliers")]);
    const out = h("div");
    const supplier = h("select", { id: "sc-supplier" }, suppliers.map((s) => h("option", { value: s.code }, t("finance.supplier_terms", { code: s.code, name: s.name, parts: s.recovery.parts_pct, labor: s.recovery.labor_pct }))));
    const create = h("button", { class: "primary", id: "create-supplier-claim", type: "submit" }, t("finance.draw_supplier_claim"));
    const form = h("form", {
      onsubmit: (ev) => {
        ev.preventDefault();
        busy(create, out, async () => {
          const sc = await post("/supplier-claims", { supplier: supplier.value }, { key: newKey() });
          showSupplierClaims(banner("ok", t("finance.supplier_claim_drawn", { number: sc.number, supplier: sc.supplier, n: sc.lines.length, amount: money(sc.claimed_fen) })));
        });
      },
    }, h("div", { class: "row" }, field(t("col.supplier"), supplier), create));
    paint(notice || null,
      h("div", { class: "card" }, h("h2", {}, t("finance.new_supplier_claim")),
        h("p", { class: "muted small" }, t("finance.new_supplier_claim_hint")), form, out),
      h("div", { class: "card" }, h("h2", {}, t("finance.tab.supplier_claims")), table([
        { label: t("col.number"), cell: (x) => h("b", {}, x.number) },
        { label: t("col.supplier"), cell: (x) => x.supplier },
        { label: t("col.status"), cell: (x) => badge("SupplierClaimStatus", x.status) },
        { label: t("col.lines"), cell: (x) => x.lines.length, class: "num" },
        { label: t("col.claimed"), cell: (x) => yuan(x.claimed_fen), class: "num" },
        { label: t("finance.col.accepted"), cell: (x) => yuan(x.accepted_fen), class: "num" },
        { label: t("finance.col.paid"), cell: (x) => yuan(x.paid_fen), class: "num" },
        { label: "", cell: (x) => supplierClaimActions(x, out) },
      ], list, { empty: t("finance.no_supplier_claims"), id: "supplier-claims-table" })));
  });
}

function supplierClaimActions(x, out) {
  const path = `/supplier-claims/${seg(x.number)}`;
  return h("div", { class: "actions" },
    x.status === "draft" ? action(t("dealer.submit"), out, async () => {
      await post(`${path}/submit`, {}, { key: newKey(), version: x.version });
      showSupplierClaims(banner("ok", t("finance.supplier_claim_submitted", { number: x.number })));
    }, "primary") : null,
    x.status === "submitted" ? h("button", { onclick: () => answerDialog(x) }, t("finance.record_answer")) : null,
    x.status === "answered" && x.paid_fen < x.accepted_fen ? h("button", { onclick: () => paymentDialog(x) }, t("finance.record_payment")) : null,
    h("button", { onclick: () => showDocument(x.number, "supplier_claim") }, t("finance.view")));
}

function answerDialog(x) {
  const out = h("div");
  const rows = x.lines.map((l) => {
    const outcome = h("select", {}, ["accepted", "partially_accepted", "rejected"].map((o) => h("option", { value: o }, code("SupplierOutcome", o))));
    const amount = h("input", { inputmode: "decimal", placeholder: t("finance.accepted_yuan"), class: "hidden" });
    const reason = h("input", { placeholder: t("finance.suppliers_reason"), autocomplete: "off" });
    outcome.addEventListener("change", () => amount.classList.toggle("hidden", outcome.value !== "partially_accepted"));
    return { l, outcome, amount, reason };
  });
  const save = h("button", { class: "primary" }, t("finance.save_answer"));
  const dlg = modal(t("finance.answer_heading", { number: x.number }), h("div", {},
    table([
      { label: "#", cell: (r) => r.l.line, class: "num" },
      { label: t("finance.col.tag_part"), cell: (r) => `${r.l.tag} · ${r.l.part_no}` },
      { label: t("col.claimed"), cell: (r) => yuan(r.l.amount_fen), class: "num" },
      { label: t("finance.col.answer"), cell: (r) => h("div", { style: "display:flex;flex-direction:column;gap:.3rem" }, r.outcome, r.amount, r.reason) },
    ], rows),
    out, h("div", { class: "actions" }, save)));
  save.addEventListener("click", () => busy(save, out, async () => {
    const lines = rows.map((r) => {
      const a = { line: r.l.line, outcome: r.outcome.value, reason: r.reason.value.trim() || null };
      if (r.outcome.value === "partially_accepted") {
        const fen = toFen(r.amount.value);
        if (!fen || Number.isNaN(fen)) throw new Error(t("finance.enter_accepted", { line: r.l.line }));
        a.amount_fen = fen;
      }
      return a;
    });
    await post(`/supplier-claims/${seg(x.number)}/response`, { lines }, { key: newKey(), version: x.version });
    dlg.close();
    showSupplierClaims(banner("ok", t("finance.answer_recorded", { number: x.number })));
  }));
}

function paymentDialog(x) {
  const out = h("div");
  const amount = h("input", { inputmode: "decimal", value: ((x.accepted_fen - x.paid_fen) / 100).toFixed(2) });
  const ref = h("input", { placeholder: t("finance.bank_reference"), autocomplete: "off" });
  const save = h("button", { class: "primary" }, t("finance.record_payment"));
  const dlg = modal(t("finance.payment_heading", { number: x.number }), h("div", {}, h("div", { class: "row" }, field(t("dealer.amount_yuan"), amount), field(t("field.reference"), ref)), out, h("div", { class: "actions" }, save)));
  save.addEventListener("click", () => busy(save, out, async () => {
    const fen = toFen(amount.value);
    if (!fen || Number.isNaN(fen)) throw new Error(t("finance.enter_received"));
    if (!ref.value.trim()) throw new Error(t("finance.enter_reference"));
    await post(`/supplier-claims/${seg(x.number)}/payments`, { amount_fen: fen, reference: ref.value.trim() }, { key: newKey() });
    dlg.close();
    showSupplierClaims(banner("ok", t("finance.payment_recorded", { amount: money(fen), number: x.number })));
  }));
}
