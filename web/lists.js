// Lists (查询与导出): the daily lists with search text, a date range, status, dealer,
// location and part filters, page by page, and the same rows exported as CSV or Excel.

import { ApiError, get, qs, token } from "./api.js";
import zh from "./i18n-zh.js";
import { t } from "./i18n.js";
import { badge, banner, busy, errorBanner, field, h, mount, table, when, yuan } from "./ui.js";

const ALL = ["admin", "clerk", "dealer", "supervisor", "reviewer", "finance"];
const txt = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));
const col = (key, cell, extra = {}) => ({ label: t(`lists.col.${key}`), cell, ...extra });
const lineParts = (d) => [...new Set((d.lines || []).map((l) => l.part_no).filter(Boolean))].join(", ");

/** The lists: API path, who may read it, its filters, its status enum and its columns. */
const LISTS = [
  { id: "stock", path: "/stock", roles: ALL, filters: ["q", "part", "location"], cols: [
    col("part_no", (r) => r.part_no), col("location", (r) => r.location),
    col("qty", (r) => r.qty, { class: "num" }), col("value", (r) => yuan(r.value_fen), { class: "num" }),
    col("part_ledger", (r) => h("a", { class: "part-ledger", href: `/ui/part-ledger#${new URLSearchParams({ part: r.part_no, location: r.location })}` }, t("lists.open_ledger")))] },
  { id: "ledger", path: "/stock/ledger", roles: ALL, order: "desc", filters: ["q", "dates", "part", "location"], cols: [
    col("at", (r) => when(r.at)), col("part_no", (r) => h("a", { class: "part-ledger", href: `/ui/part-ledger#${new URLSearchParams({ part: r.part_no })}` }, r.part_no)), col("location", (r) => r.location),
    col("qty", (r) => r.qty_delta, { class: "num" }), col("value", (r) => yuan(r.value_delta_fen), { class: "num" }),
    col("qty_after", (r) => r.qty_after, { class: "num" }), col("document", (r) => r.document)] },
  { id: "receipts", path: "/stock/receipts", roles: ALL, filters: ["q", "dates", "location"], cols: [
    col("number", (r) => r.number), col("at", (r) => when(r.posted_at)), col("location", (r) => r.location),
    col("supplier", (r) => txt(r.supplier)), col("reference", (r) => txt(r.reference)), col("parts", lineParts),
    col("value", (r) => yuan(r.total_value_fen), { class: "num" })] },
  { id: "transfers", path: "/stock/transfers", roles: ALL, status: "TransferStatus", filters: ["q", "dates", "status", "location"], cols: [
    col("number", (r) => r.number), col("at", (r) => when(r.created_at)), col("from", (r) => r.from), col("to", (r) => r.to),
    col("parts", lineParts), col("status", (r) => badge("TransferStatus", r.status))] },
  { id: "requisitions", path: "/requisitions", roles: ALL, status: "RequisitionStatus", filters: ["q", "dates", "status", "location"], cols: [
    col("number", (r) => r.number), col("at", (r) => when(r.created_at)), col("location", (r) => r.location),
    col("unit", (r) => txt(r.unit_serial)), col("parts", lineParts), col("status", (r) => badge("RequisitionStatus", r.status))] },
  { id: "claims", path: "/claims", roles: ALL, status: "ClaimStatus", filters: ["q", "dates", "status", "dealer"], cols: [
    col("number", (r) => r.number), col("repair_date", (r) => r.repair_date), col("dealer", (r) => r.dealer),
    col("unit", (r) => r.unit_serial), col("value", (r) => yuan(r.claimed_fen), { class: "num" }),
    col("status", (r) => badge("ClaimStatus", r.status))] },
  { id: "old-parts", path: "/old-parts", roles: ALL, status: "TagStatus", filters: ["q", "dates", "status", "dealer"], cols: [
    col("tag", (r) => r.tag), col("due_date", (r) => r.due_date), col("claim", (r) => r.claim), col("part_no", (r) => r.part_no),
    col("dealer", (r) => r.dealer), col("status", (r) => badge("TagStatus", r.status))] },
  { id: "settlements", path: "/settlements", roles: ["admin", "finance", "dealer"], status: "SettlementStatus", filters: ["q", "dates", "status", "dealer"], cols: [
    col("number", (r) => r.number), col("at", (r) => when(r.created_at)), col("dealer", (r) => r.dealer),
    col("value", (r) => yuan(r.total_fen), { class: "num" }), col("status", (r) => badge("SettlementStatus", r.status))] },
  { id: "supplier-claims", path: "/supplier-claims", roles: ["admin", "finance", "reviewer"], status: "SupplierClaimStatus", filters: ["q", "dates", "status"], cols: [
    col("number", (r) => r.number), col("at", (r) => when(r.created_at)), col("supplier", (r) => r.supplier),
    col("value", (r) => yuan(r.claimed_fen), { class: "num" }), col("status", (r) => badge("SupplierClaimStatus", r.status))] },
  { id: "units", path: "/units", roles: ALL, filters: ["q", "dates", "dealer"], cols: [
    col("unit", (r) => r.serial), col("model", (r) => r.model), col("dealer", (r) => r.dealer),
    col("customer", (r) => r.customer), col("sale_date", (r) => r.sale_date)] },
  { id: "journal", path: "/journal", roles: ["admin", "finance"], order: "desc", filters: ["q", "dates"], cols: [
    col("at", (r) => when(r.at)), col("document", (r) => r.document), col("memo", (r) => r.memo),
    col("accounts", (r) => (r.lines || []).map((l) => `${l.side === "debit" ? t("lists.dr") : t("lists.cr")} ${l.account} ${yuan(l.amount_fen)}`).join("; "))] },
  { id: "audit", path: "/audit", roles: ["admin"], filters: ["q", "dates"], cols: [
    col("at", (r) => when(r.at)), col("actor", (r) => r.actor), col("action", (r) => r.action),
    col("entity", (r) => r.entity), col("key", (r) => r.key)] },
];

/** The codes of an API enum, in the catalogue's order. */
const codesOf = (schema) => Object.keys(zh).filter((k) => k.startsWith(`${schema}.`)).map((k) => k.slice(schema.length + 1));

let me;

export async function render(main, who) {
  me = who;
  const lists = LISTS.filter((l) => l.roles.includes(me.role));
  const pick = h("select", { id: "list-pick" }, lists.map((l) => h("option", { value: l.id }, t(`lists.list.${l.id}`))));
  const body = h("div", { id: "lists-body" });
  const hash = new URLSearchParams(location.hash.slice(1));
  // A link may open a list already filtered (`#list=receipts&q=RC-000042`), once.
  let preset = Object.fromEntries([...hash].filter(([k]) => k !== "list"));
  const show = () => {
    showList(body, lists.find((l) => l.id === pick.value), preset);
    preset = {};
  };
  pick.addEventListener("change", show);
  const wanted = hash.get("list");
  if (wanted && lists.some((l) => l.id === wanted)) pick.value = wanted;
  mount(main, h("h1", {}, t("lists.title")), h("div", { class: "card" }, field(t("lists.which"), pick)), body);
  show();
}

function showList(body, list, preset = {}) {
  const inputs = {};
  const input = (name, attrs = {}) => (inputs[name] = h("input", { id: `f-${name}`, name, autocomplete: "off", value: preset[name], ...attrs }));
  const fields = [];
  for (const f of list.filters) {
    if (f === "q") fields.push(field(t("lists.q"), input("q", { type: "search", placeholder: t("lists.q_hint") })));
    if (f === "dates") {
      fields.push(field(t("lists.from_date"), input("from_date", { type: "date" })));
      fields.push(field(t("lists.to_date"), input("to_date", { type: "date" })));
    }
    if (f === "status") {
      inputs.status = h("select", { id: "f-status" }, h("option", { value: "" }, t("lists.any")),
        codesOf(list.status).map((c) => h("option", { value: c }, t(`${list.status}.${c}`))));
      fields.push(field(t("lists.status"), inputs.status));
    }
    if (f === "dealer" && me.role !== "dealer") fields.push(field(t("lists.dealer"), input("dealer")));
    if (f === "location") fields.push(field(t("lists.location"), input("location")));
    if (f === "part") fields.push(field(t("lists.part"), input("part")));
  }
  const results = h("div", { id: "list-results" });
  const params = () => {
    const p = list.order ? { order: list.order } : {};
    for (const [k, el] of Object.entries(inputs)) if (el.value.trim()) p[k] = el.value.trim();
    return p;
  };
  const search = h("button", { type: "submit", id: "list-search" }, t("lists.search"));
  const csv = h("button", { type: "button", id: "export-csv", class: "secondary" }, t("lists.export_csv"));
  const xlsx = h("button", { type: "button", id: "export-xlsx", class: "secondary" }, t("lists.export_xlsx"));
  const form = h("form", { class: "card filters", id: "list-filters" }, h("div", { class: "grid3" }, fields), h("div", { class: "actions" }, search, csv, xlsx));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    load(list, params(), results, null);
  });
  csv.addEventListener("click", () => busy(csv, null, () => exportList(list, params(), "csv", results)));
  xlsx.addEventListener("click", () => busy(xlsx, null, () => exportList(list, params(), "xlsx", results)));
  mount(body, form, results);
  load(list, params(), results, null);
}

async function load(list, params, results, cursor, shown = []) {
  mount(results, h("p", { class: "muted" }, t("common.loading")));
  try {
    const page = await get(list.path + qs({ ...params, limit: 100, cursor }));
    const rows = shown.concat(page.items);
    const more = page.next_cursor
      ? h("button", { type: "button", id: "list-more", class: "secondary", onclick: () => load(list, params, results, page.next_cursor, rows) }, t("lists.more"))
      : null;
    mount(results, h("div", { class: "card" }, h("p", { class: "muted", id: "list-count" }, t("lists.count", { n: rows.length })), table(list.cols, rows, { id: "list-table" }), more));
  } catch (e) {
    mount(results, errorBanner(e));
  }
}

/** Downloads every row of the list under the filters as a file, named as the server says. */
export async function exportList(list, params, format, results) {
  let resp;
  try {
    resp = await fetch(`/api/v1${list.path}${qs({ ...params, format })}`, { headers: { Authorization: `Bearer ${token()}` }, cache: "no-store" });
  } catch (e) {
    results.prepend(errorBanner(new ApiError(0, { detail: e.message })));
    return;
  }
  if (!resp.ok) {
    let problem = {};
    try {
      problem = await resp.json();
    } catch {
      problem = {};
    }
    results.prepend(errorBanner(new ApiError(resp.status, problem)));
    return;
  }
  const blob = await resp.blob();
  const name = (/filename="([^"]+)"/.exec(resp.headers.get("content-disposition") || "") || [])[1] || `${list.id}.${format}`;
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name, id: "export-link" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  results.prepend(banner("ok", t("lists.exported", { name })));
}
