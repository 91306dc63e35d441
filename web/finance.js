// Finance: reconciliation (帐物一致), account balances, warranty cost and recovery charts,
// dealer settlements (三包费用核销通知) and supplier claims (二次索赔).

import { all, get, newKey, post, qs, seg } from "./api.js";
import { bars, hbars } from "./charts.js";
import { badge, banner, busy, errorBanner, field, h, modal, mount, openHtml, table, tabs, today, toFen, when, yuan } from "./ui.js";

let body;

export async function render(main) {
  body = h("div", { id: "finance-body" });
  const bar = tabs([
    { id: "overview", label: "Overview" },
    { id: "accounts", label: "Accounts 科目" },
    { id: "settlements", label: "Settlements 核销通知" },
    { id: "supplier-claims", label: "Supplier claims 二次索赔" },
  ], "overview", (id) => VIEWS[id]());
  mount(main, h("h1", {}, "Finance ", h("span", { class: "zh" }, "财务")), bar, body);
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("doc")) showDocument(hash.get("doc"), hash.get("kind"));
}

const VIEWS = {
  overview: showOverview,
  accounts: showAccounts,
  settlements: showSettlements,
  "supplier-claims": showSupplierClaims,
};

let viewSeq = 0;

/** Shows "Loading…", then runs `fn(paint)`: `paint` fills the page only while this view is current. */
async function guard(fn) {
  const id = ++viewSeq;
  const paint = (...children) => id === viewSeq && mount(body, ...children);
  mount(body, h("p", { class: "muted" }, "Loading…"));
  try {
    await fn(paint);
  } catch (e) {
    paint(errorBanner(e));
  }
}

const money = (fen) => `¥${yuan(fen)}`;

// ---- Overview: reconciliation, totals, charts ----

async function showOverview() {
  viewSeq++;
  const recon = h("div", { class: "card", id: "reconciliation" }, h("p", { class: "muted" }, "Reconciling…"));
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
      kpi("Warranty cost", money(report.warranty_cost_fen), "approved, warranty:expense:*"),
      kpi("Recovered from suppliers", money(report.recovered_fen), `paid so far ${money(report.paid_fen)}`),
      kpi("Net warranty cost", money(report.net_cost_fen), "cost less recovery"));
    mount(charts,
      chartCard("Approved warranty cost by month", "by the month every line was decided, last 12 months", byMonth(cost.by_month)),
      chartCard("Approved warranty cost by model", "claims decided in the last 12 months, by the unit's model", byModel(cost.by_model)),
      chartCard("Supplier recovery 二次索赔", "claimed and accepted, by supplier", bySupplier(report.by_supplier)),
      chartCard("Recovery by part", "accepted of claimed", table([
        { label: "Part", cell: (r) => r.key },
        { label: "Claimed ¥", cell: (r) => yuan(r.claimed_fen), class: "num" },
        { label: "Accepted ¥", cell: (r) => yuan(r.accepted_fen), class: "num" },
        { label: "Rate", cell: (r) => (r.recovery_pct === null || r.recovery_pct === undefined ? "—" : `${r.recovery_pct}%`), class: "num" },
      ], report.by_part, { empty: "No supplier claims submitted yet." })));
  } catch (e) {
    mount(charts, errorBanner(e));
  }
}

async function loadReconciliation(card) {
  try {
    const r = await get("/reconciliation");
    const c = r.checked;
    mount(card,
      h("h2", {}, "Reconciliation ", h("span", { class: "zh" }, "帐物一致")),
      r.balanced
        ? h("div", { class: "big-status ok", id: "recon-status" }, "✓ Balanced")
        : h("div", { class: "big-status err", id: "recon-status" }, `✗ ${r.difference_count} difference${r.difference_count === 1 ? "" : "s"}`),
      h("p", { class: "muted small" }, `Checked ${c.journal_entries.toLocaleString("en-US")} journal entries, ${c.stock_entries.toLocaleString("en-US")} stock entries, ${c.accounts} accounts and ${c.stock_balances} stock balances just now.`),
      r.balanced ? null : table([
        { label: "Kind", cell: (d) => h("span", { class: "mono" }, d.code) },
        { label: "What", cell: (d) => d.message },
        { label: "Where", cell: (d) => [d.account, d.location, d.part_no].filter(Boolean).join(" · ") },
        { label: "Expected", cell: (d) => (d.expected ?? "—"), class: "num" },
        { label: "Actual", cell: (d) => (d.actual ?? "—"), class: "num" },
        { label: "Document", cell: (d) => (d.document ? docLink(d.document, d.document_kind) : "—") },
      ], r.differences, { id: "differences" }),
      h("div", { class: "actions" }, h("button", { onclick: () => loadReconciliation(card) }, "Run again")));
  } catch (e) {
    mount(card, h("h2", {}, "Reconciliation"), errorBanner(e));
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
  if (!months.some((m) => m.claims > 0)) return h("p", { class: "muted" }, "No decided claims yet.");
  return h("div", {},
    bars(months.map((m) => ({ label: m.month, values: [m.approved_fen] })), [{ name: "approved", color: "#1d4ed8" }],
      { scale: yuanScale, title: "Approved warranty cost by month (yuan)", format: money }),
    h("div", { class: "legend" }, h("span", {}, h("i", { style: "background:#1d4ed8" }), "approved, yuan")));
}

function byModel(rows) {
  if (!rows.length) return h("p", { class: "muted" }, "No decided claims yet.");
  const data = rows.map((r) => ({ label: r.key, value: r.approved_fen }));
  return hbars(data, { scale: yuanScale, title: "Approved warranty cost by model", format: money });
}

function bySupplier(rows) {
  if (!rows.length) return h("p", { class: "muted" }, "No supplier claims submitted yet.");
  const series = [{ name: "claimed", color: "#94a3b8" }, { name: "accepted", color: "#15803d" }];
  return h("div", {},
    bars(rows.map((r) => ({ label: r.key, values: [r.claimed_fen, r.accepted_fen] })), series, { scale: yuanScale, title: "Supplier recovery (yuan)", format: money }),
    h("div", { class: "legend" }, series.map((x) => h("span", {}, h("i", { style: `background:${x.color}` }), x.name))),
    table([
      { label: "Supplier", cell: (r) => r.key },
      { label: "Claimed ¥", cell: (r) => yuan(r.claimed_fen), class: "num" },
      { label: "Accepted ¥", cell: (r) => yuan(r.accepted_fen), class: "num" },
      { label: "Rate", cell: (r) => (r.recovery_pct == null ? "—" : `${r.recovery_pct}%`), class: "num" },
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
};

function docLink(number, kind) {
  const hash = new URLSearchParams({ doc: number, ...(kind ? { kind } : {}) });
  return h("a", { href: `#${hash}`, class: "mono doc-link", onclick: (ev) => { ev.preventDefault(); showDocument(number, kind); } }, number);
}

/** A document (of `kind`, when known) with its journal entries, in a dialog. */
async function showDocument(number, kind) {
  const content = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  modal(`Document ${number}`, content);
  const route = Object.hasOwn(DOCS, kind || "") ? DOCS[kind] : null;
  try {
    const [doc, journal] = await Promise.all([
      route ? get(`${route}${seg(number)}`) : Promise.resolve(null),
      get(`/journal${qs({ document: number, limit: 100 })}`),
    ]);
    mount(content,
      h("h3", {}, "Journal entries"),
      table([
        { label: "Seq", cell: (e) => e.seq, class: "num" },
        { label: "When", cell: (e) => when(e.at) },
        { label: "Memo", cell: (e) => e.memo },
        { label: "Lines", cell: (e) => e.lines.map((l) => h("div", { class: "small" }, `${l.side === "debit" ? "Dr" : "Cr"} ${l.account} ${yuan(l.amount_fen)}`)) },
      ], journal.items, { empty: "No journal entries for this document." }),
      doc ? [h("h3", {}, "Document"), h("pre", { class: "json" }, JSON.stringify(doc, null, 2))] : h("p", { class: "muted" }, "No viewer for this kind of document."));
  } catch (e) {
    mount(content, errorBanner(e));
  }
}

// ---- Accounts ----

async function showAccounts() {
  await guard(async (paint) => {
    const accounts = await all("/accounts", {}, 5000);
    const groups = new Map();
    for (const a of accounts) {
      const g = a.code.split(":")[0];
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(a);
    }
    paint(h("div", { class: "card" },
      h("h2", {}, "Account balances"),
      h("p", { class: "muted small" }, "Debit positive, in yuan. Click an account for its latest postings."),
      table([
        { label: "Account", cell: (a) => h("span", { class: "mono" }, a.code) },
        { label: "Debit ¥", cell: (a) => (a.balance_fen > 0 ? yuan(a.balance_fen) : ""), class: "num" },
        { label: "Credit ¥", cell: (a) => (a.balance_fen < 0 ? yuan(-a.balance_fen) : ""), class: "num" },
      ], accounts, { id: "accounts-table", onRow: (a) => showEntries(a.code) }),
      h("p", { class: "muted small" }, `Debits ${money(accounts.filter((a) => a.balance_fen > 0).reduce((s, a) => s + a.balance_fen, 0))} · credits ${money(-accounts.filter((a) => a.balance_fen < 0).reduce((s, a) => s + a.balance_fen, 0))}`)));
  });
}

async function showEntries(code) {
  const content = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  modal(`Account ${code}`, content);
  try {
    const page = await get(`/accounts/${seg(code)}/entries${qs({ order: "desc", limit: 50 })}`);
    mount(content, table([
      { label: "Seq", cell: (e) => e.seq, class: "num" },
      { label: "When", cell: (e) => when(e.at) },
      { label: "Document", cell: (e) => docLink(e.document, e.document_kind) },
      { label: "Memo", cell: (e) => e.memo },
      { label: "Amount ¥", cell: (e) => yuan(e.amount_fen), class: "num" },
    ], page.items, { empty: "No postings." }), page.next_cursor ? h("p", { class: "muted small" }, "Latest 50 shown.") : null);
  } catch (e) {
    mount(content, errorBanner(e));
  }
}

// ---- Settlements ----

async function showSettlements(notice) {
  await guard(async (paint) => {
    const [list, dealers] = await Promise.all([all("/settlements", {}, 5000), all("/dealers")]);
    const out = h("div");
    const dealer = h("select", { id: "settle-dealer" }, dealers.map((d) => h("option", { value: d.code }, `${d.code} · ${d.name}`)));
    const from = h("input", { id: "settle-from", type: "date", value: `${today().slice(0, 4)}-01-01`, required: true });
    const to = h("input", { id: "settle-to", type: "date", value: today(), required: true });
    const create = h("button", { class: "primary", id: "create-settlement", type: "submit" }, "Draw up settlement");
    const form = h("form", {
      onsubmit: (ev) => {
        ev.preventDefault();
        busy(create, out, async () => {
          const se = await post("/settlements", { dealer: dealer.value, period_from_date: from.value, period_to_date: to.value }, { key: newKey() });
          showSettlements(banner("ok", `${se.number} drawn up for ${se.dealer}: ${se.lines.length} lines, ${money(se.total_fen)}.`));
        });
      },
    }, h("div", { class: "row" }, field("Dealer", dealer), field("Decided from", from), field("to", to), create));
    paint(notice || null,
      h("div", { class: "card" }, h("h2", {}, "New settlement 三包费用核销通知"),
        h("p", { class: "muted small" }, "Takes the dealer's approved lines decided in the period that no other live settlement holds."), form, out),
      h("div", { class: "card" }, h("h2", {}, "Settlements"), table([
        { label: "Number", cell: (x) => h("b", {}, x.number) },
        { label: "Dealer", cell: (x) => x.dealer },
        { label: "Period", cell: (x) => `${x.period_from_date} – ${x.period_to_date}`, class: "hide-narrow" },
        { label: "Status", cell: (x) => badge(x.status) },
        { label: "Lines", cell: (x) => x.lines.length, class: "num" },
        { label: "Total ¥", cell: (x) => yuan(x.total_fen), class: "num" },
        { label: "", cell: (x) => settlementActions(x, out) },
      ], list, { empty: "No settlements yet.", id: "settlements-table" })));
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
    x.status === "draft" ? action("Issue", out, async () => {
      await post(`${path}/issue`, {}, opts());
      showSettlements(banner("ok", `${x.number} issued to ${x.dealer}.`));
    }, "primary") : null,
    x.status === "issued" ? action("Confirm for dealer", out, async () => {
      if (!confirm(`Confirm ${x.number} on behalf of ${x.dealer}?`)) return;
      await post(`${path}/confirm`, {}, opts());
      showSettlements(banner("ok", `${x.number} confirmed.`));
    }) : null,
    x.status === "draft" || x.status === "issued" ? action("Cancel", out, async () => {
      if (!confirm(`Cancel ${x.number}? Its lines become free for another settlement.`)) return;
      await post(`${path}/cancel`, {}, opts());
      showSettlements(banner("ok", `${x.number} cancelled.`));
    }, "danger") : null,
    x.status !== "draft" && x.status !== "cancelled" ? h("button", { onclick: () => openHtml(`${path}/notice`) }, "Notice") : null);
}

// ---- Supplier claims ----

async function showSupplierClaims(notice) {
  await guard(async (paint) => {
    const [list, suppliers] = await Promise.all([all("/supplier-claims", {}, 5000), all("/suppliers")]);
    const out = h("div");
    const supplier = h("select", { id: "sc-supplier" }, suppliers.map((s) => h("option", { value: s.code }, `${s.code} · ${s.name} (${s.recovery.parts_pct}% parts, ${s.recovery.labor_pct}% labor)`)));
    const create = h("button", { class: "primary", id: "create-supplier-claim", type: "submit" }, "Draw up supplier claim");
    const form = h("form", {
      onsubmit: (ev) => {
        ev.preventDefault();
        busy(create, out, async () => {
          const sc = await post("/supplier-claims", { supplier: supplier.value }, { key: newKey() });
          showSupplierClaims(banner("ok", `${sc.number} drawn up against ${sc.supplier}: ${sc.lines.length} lines, ${money(sc.claimed_fen)}.`));
        });
      },
    }, h("div", { class: "row" }, field("Supplier", supplier), create));
    paint(notice || null,
      h("div", { class: "card" }, h("h2", {}, "New supplier claim 二次索赔"),
        h("p", { class: "muted small" }, "Claims every eligible supplier-fault old part of approved claim lines within the supplier's claim window."), form, out),
      h("div", { class: "card" }, h("h2", {}, "Supplier claims"), table([
        { label: "Number", cell: (x) => h("b", {}, x.number) },
        { label: "Supplier", cell: (x) => x.supplier },
        { label: "Status", cell: (x) => badge(x.status) },
        { label: "Lines", cell: (x) => x.lines.length, class: "num" },
        { label: "Claimed ¥", cell: (x) => yuan(x.claimed_fen), class: "num" },
        { label: "Accepted ¥", cell: (x) => yuan(x.accepted_fen), class: "num" },
        { label: "Paid ¥", cell: (x) => yuan(x.paid_fen), class: "num" },
        { label: "", cell: (x) => supplierClaimActions(x, out) },
      ], list, { empty: "No supplier claims yet.", id: "supplier-claims-table" })));
  });
}

function supplierClaimActions(x, out) {
  const path = `/supplier-claims/${seg(x.number)}`;
  return h("div", { class: "actions" },
    x.status === "draft" ? action("Submit", out, async () => {
      await post(`${path}/submit`, {}, { key: newKey(), version: x.version });
      showSupplierClaims(banner("ok", `${x.number} submitted; the evidence moves to the supplier-return store.`));
    }, "primary") : null,
    x.status === "submitted" ? h("button", { onclick: () => answerDialog(x) }, "Record answer") : null,
    x.status === "answered" && x.paid_fen < x.accepted_fen ? h("button", { onclick: () => paymentDialog(x) }, "Record payment") : null,
    h("button", { onclick: () => showDocument(x.number, "supplier_claim") }, "View"));
}

function answerDialog(x) {
  const out = h("div");
  const rows = x.lines.map((l) => {
    const outcome = h("select", {}, h("option", { value: "accepted" }, "Accepted"), h("option", { value: "partially_accepted" }, "Partially accepted"), h("option", { value: "rejected" }, "Rejected"));
    const amount = h("input", { inputmode: "decimal", placeholder: "accepted ¥", class: "hidden" });
    const reason = h("input", { placeholder: "supplier's reason", autocomplete: "off" });
    outcome.addEventListener("change", () => amount.classList.toggle("hidden", outcome.value !== "partially_accepted"));
    return { l, outcome, amount, reason };
  });
  const save = h("button", { class: "primary" }, "Save answer");
  const dlg = modal(`Supplier's answer to ${x.number}`, h("div", {},
    table([
      { label: "#", cell: (r) => r.l.line, class: "num" },
      { label: "Tag / part", cell: (r) => `${r.l.tag} · ${r.l.part_no}` },
      { label: "Claimed ¥", cell: (r) => yuan(r.l.amount_fen), class: "num" },
      { label: "Answer", cell: (r) => h("div", { style: "display:flex;flex-direction:column;gap:.3rem" }, r.outcome, r.amount, r.reason) },
    ], rows),
    out, h("div", { class: "actions" }, save)));
  save.addEventListener("click", () => busy(save, out, async () => {
    const lines = rows.map((r) => {
      const a = { line: r.l.line, outcome: r.outcome.value, reason: r.reason.value.trim() || null };
      if (r.outcome.value === "partially_accepted") {
        const fen = toFen(r.amount.value);
        if (!fen || Number.isNaN(fen)) throw new Error(`Line ${r.l.line}: enter the accepted amount.`);
        a.amount_fen = fen;
      }
      return a;
    });
    await post(`/supplier-claims/${seg(x.number)}/response`, { lines }, { key: newKey(), version: x.version });
    dlg.close();
    showSupplierClaims(banner("ok", `Answer to ${x.number} recorded.`));
  }));
}

function paymentDialog(x) {
  const out = h("div");
  const amount = h("input", { inputmode: "decimal", value: ((x.accepted_fen - x.paid_fen) / 100).toFixed(2) });
  const ref = h("input", { placeholder: "bank reference", autocomplete: "off" });
  const save = h("button", { class: "primary" }, "Record payment");
  const dlg = modal(`Payment on ${x.number}`, h("div", {}, h("div", { class: "row" }, field("Amount ¥", amount), field("Reference", ref)), out, h("div", { class: "actions" }, save)));
  save.addEventListener("click", () => busy(save, out, async () => {
    const fen = toFen(amount.value);
    if (!fen || Number.isNaN(fen)) throw new Error("Enter the amount received.");
    if (!ref.value.trim()) throw new Error("Enter the bank reference.");
    await post(`/supplier-claims/${seg(x.number)}/payments`, { amount_fen: fen, reference: ref.value.trim() }, { key: newKey() });
    dlg.close();
    showSupplierClaims(banner("ok", `Payment of ${money(fen)} on ${x.number} recorded.`));
  }));
}
