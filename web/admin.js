// Master data and tokens (主数据与令牌, admin): parts with any number of barcodes, locations,
// dealers, suppliers, warranty policy versions and API tokens. Every write goes through
// the API; a refusal shows as its code and params read in the user's language.

import { all, get, newKey, post, put, qs, seg } from "./api.js";
import { code, t } from "./i18n.js";
import { policiesView, tokensView } from "./admin_tokens.js";
import { banner, busy, errorBanner, field, h, modal, mount, table, tabs, toFen, when, yuan } from "./ui.js";

const TABS = ["parts", "locations", "dealers", "suppliers", "policies", "tokens"];
const txt = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));
const money = (fen) => (fen === null || fen === undefined ? "" : (fen / 100).toFixed(2));
/** The ledger page of a part (at a location). */
export const ledgerHref = (part, location) => `/ui/part-ledger#${new URLSearchParams(location ? { part, location } : { part })}`;

let body;
let seq = 0;

export async function render(main) {
  body = h("div", { id: "admin-body" });
  const wanted = new URLSearchParams(location.hash.slice(1)).get("tab");
  const bar = tabs(TABS.map((id) => ({ id, label: t(`admin.tab.${id}`) })), TABS.includes(wanted) ? wanted : "parts", show);
  mount(main, h("h1", {}, t("admin.title")), bar, body);
  // A link to another tab of this page (`#tab=tokens`) opens it.
  window.addEventListener("hashchange", () => {
    const tab = new URLSearchParams(location.hash.slice(1)).get("tab");
    const button = TABS.includes(tab) && bar.querySelector(`[data-tab="${tab}"]`);
    if (button) button.click();
  });
}

/** Shows a tab, with `notice` (what was just saved) above it. */
export function show(id, notice = null) {
  const mine = ++seq;
  history.replaceState(null, "", `#tab=${id}`);
  const paint = (...children) => mine === seq && mount(body, notice, ...children);
  paint(h("p", { class: "muted" }, t("common.loading")));
  const views = { parts: partsView, locations: locationsView, dealers: dealersView, suppliers: suppliersView, policies: policiesView, tokens: tokensView };
  return views[id](paint, show).catch((e) => paint(errorBanner(e)));
}

/** A yuan input showing `fen`. */
const yuanInput = (id, fen) => h("input", { id, inputmode: "decimal", autocomplete: "off", value: money(fen) });

/** The fen of a yuan input, or an error naming the field. */
function fenOf(input, label) {
  const fen = toFen(input.value);
  if (fen === null || Number.isNaN(fen)) throw new Error(t("admin.amount_invalid", { field: label }));
  return fen;
}

// ---- Parts ----

async function partsView(paint) {
  const suppliers = await all("/suppliers");
  const formBox = h("div", { id: "part-form-box" });
  const list = h("div", { id: "parts-list" });
  const q = h("input", { id: "parts-q", type: "search", placeholder: t("admin.parts.q_hint"), autocomplete: "off" });
  const search = h("form", { class: "card filters", id: "parts-search-form" },
    h("div", { class: "row" }, field(t("lists.q"), q)),
    h("div", { class: "actions" },
      h("button", { type: "submit", id: "parts-search" }, t("lists.search")),
      h("button", { type: "button", class: "primary", id: "part-new", onclick: () => partForm(formBox, null, suppliers, reload) }, t("admin.parts.new"))));
  const reload = () => loadParts(list, q.value.trim(), formBox, suppliers, reload);
  search.addEventListener("submit", (ev) => {
    ev.preventDefault();
    reload();
  });
  paint(formBox, search, list);
  await reload();
}

async function loadParts(list, q, formBox, suppliers, reload, cursor = null, shown = []) {
  mount(list, h("p", { class: "muted" }, t("common.loading")));
  try {
    const page = await get(`/parts${qs({ q, limit: 100, cursor })}`);
    const rows = shown.concat(page.items);
    const more = page.next_cursor
      ? h("button", { type: "button", class: "secondary", id: "parts-more", onclick: () => loadParts(list, q, formBox, suppliers, reload, page.next_cursor, rows) }, t("lists.more"))
      : null;
    mount(list, h("div", { class: "card" }, table([
      { label: t("admin.parts.part_no"), cell: (p) => p.part_no },
      { label: t("admin.parts.name"), cell: (p) => p.name },
      { label: t("admin.parts.unit"), cell: (p) => p.unit },
      { label: t("admin.parts.barcodes"), cell: (p) => h("span", { class: "mono part-barcodes" }, p.barcodes.join(t("common.list_sep")) || "—") },
      { label: t("admin.parts.standard_cost"), cell: (p) => yuan(p.standard_cost_fen), class: "num" },
      { label: t("admin.parts.dealer_price"), cell: (p) => yuan(p.dealer_price_fen), class: "num" },
      { label: t("col.supplier"), cell: (p) => txt(p.supplier) },
      { label: t("admin.parts.flags"), cell: flags },
      { label: t("admin.actions"), cell: (p) => h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary part-edit", dataset: { part: p.part_no }, onclick: () => partForm(formBox, p, suppliers, reload) }, t("admin.edit")),
        h("a", { class: "part-ledger", href: ledgerHref(p.part_no) }, t("admin.parts.ledger"))) },
    ], rows, { id: "parts-table", empty: t("admin.parts.none") }), more));
  } catch (e) {
    mount(list, errorBanner(e));
  }
}

const flags = (p) => [p.warranty_covered && t("admin.parts.warranty_covered"), p.return_required && t("admin.parts.return_required"), p.wear_part && t("admin.parts.wear_part")]
  .filter(Boolean).join(t("common.list_sep")) || "—";

/** The create (part `null`) or edit form of a part. */
function partForm(box, part, suppliers, reload) {
  const out = h("div", { id: "part-out" });
  const no = h("input", { id: "part-no", autocomplete: "off", value: part ? part.part_no : "", disabled: Boolean(part) });
  const name = h("input", { id: "part-name", autocomplete: "off", value: part ? part.name : "" });
  const unit = h("input", { id: "part-unit", autocomplete: "off", value: part ? part.unit : "pc" });
  const cost = yuanInput("part-cost", part ? part.standard_cost_fen : null);
  const price = yuanInput("part-price", part ? part.dealer_price_fen : null);
  const supplier = h("select", { id: "part-supplier" }, h("option", { value: "" }, "—"),
    suppliers.map((s) => h("option", { value: s.code }, `${s.code} · ${s.name}`)));
  supplier.value = part && part.supplier ? part.supplier : "";
  const check = (id, on, label) => {
    const input = h("input", { type: "checkbox", id });
    input.checked = Boolean(on);
    return [input, h("label", { class: "check" }, input, label)];
  };
  const [warranty, warrantyLabel] = check("part-warranty", part ? part.warranty_covered : true, t("admin.parts.warranty_covered"));
  const [ret, retLabel] = check("part-return", part && part.return_required, t("admin.parts.return_required"));
  const [wear, wearLabel] = check("part-wear", part && part.wear_part, t("admin.parts.wear_part"));
  const codes = h("div", { id: "part-barcodes" });
  const addCode = (value = "") => {
    const input = h("input", { class: "barcode-input mono", autocomplete: "off", value, placeholder: t("admin.parts.barcode_hint") });
    const row = h("div", { class: "row barcode-row" }, input,
      h("button", { type: "button", class: "secondary barcode-remove", onclick: () => row.remove() }, t("admin.remove")));
    codes.append(row);
    return input;
  };
  for (const b of part ? part.barcodes : [""]) addCode(b);
  const save = h("button", { type: "submit", class: "primary", id: "part-save" }, t("admin.save"));
  const form = h("form", { class: "card", id: "part-form" },
    h("h2", {}, part ? t("admin.parts.edit_title", { part: part.part_no }) : t("admin.parts.new")),
    h("div", { class: "grid3" },
      field(t("admin.parts.part_no"), no), field(t("admin.parts.name"), name), field(t("admin.parts.unit"), unit),
      field(t("admin.parts.standard_cost"), cost), field(t("admin.parts.dealer_price"), price), field(t("col.supplier"), supplier)),
    h("div", { class: "row" }, warrantyLabel, retLabel, wearLabel),
    h("h3", {}, t("admin.parts.barcodes")),
    h("p", { class: "muted small" }, t("admin.parts.barcodes_note")),
    codes,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", id: "add-barcode", onclick: () => addCode().focus() }, t("admin.parts.add_barcode")),
      save,
      h("button", { type: "button", class: "secondary", id: "part-cancel", onclick: () => mount(box) }, t("admin.cancel"))),
    out);
  // Enter in a barcode field (a scanner's suffix) adds the next field instead of saving.
  codes.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.target.classList.contains("barcode-input")) {
      ev.preventDefault();
      if (ev.target.value.trim()) addCode().focus();
    }
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(save, out, async () => {
      const body = {
        part_no: part ? part.part_no : no.value.trim(),
        name: name.value.trim(),
        unit: unit.value.trim(),
        barcodes: [...new Set([...codes.querySelectorAll(".barcode-input")].map((i) => i.value.trim()).filter(Boolean))],
        standard_cost_fen: fenOf(cost, t("admin.parts.standard_cost")),
        dealer_price_fen: fenOf(price, t("admin.parts.dealer_price")),
        supplier: supplier.value || null,
        warranty_covered: warranty.checked,
        return_required: ret.checked,
        wear_part: wear.checked,
      };
      const saved = part
        ? await put(`/parts/${seg(part.part_no)}`, body, { key: newKey(), version: part.version })
        : await post("/parts", body, { key: newKey() });
      mount(box, banner("ok", h("span", { id: "part-saved" }, t("admin.parts.saved", { part: saved.part_no, n: saved.barcodes.length }))));
      await reload();
    });
  });
  mount(box, form);
  (part ? name : no).focus();
}

// ---- Locations ----

const KINDS = ["warehouse", "service_station", "old_parts", "reusable", "scrap", "supplier_return"];

async function locationsView(paint) {
  const [locations, dealers] = await Promise.all([all("/locations"), all("/dealers")]);
  const out = h("div", { id: "loc-out" });
  const codeIn = h("input", { id: "loc-code", autocomplete: "off" });
  const name = h("input", { id: "loc-name", autocomplete: "off" });
  const kind = h("select", { id: "loc-kind" }, KINDS.map((k) => h("option", { value: k }, code("LocationKind", k))));
  const dealer = h("select", { id: "loc-dealer" }, h("option", { value: "" }, "—"), dealers.map((d) => h("option", { value: d.code }, `${d.code} · ${d.name}`)));
  const dealerField = field(t("col.dealer"), dealer);
  const sync = () => dealerField.classList.toggle("hidden", kind.value !== "service_station");
  kind.addEventListener("change", sync);
  sync();
  const save = h("button", { type: "submit", class: "primary", id: "loc-save" }, t("admin.create"));
  const form = h("form", { class: "card", id: "loc-form" }, h("h2", {}, t("admin.locations.new")),
    h("div", { class: "grid3" }, field(t("admin.code"), codeIn), field(t("admin.name"), name), field(t("admin.locations.kind"), kind), dealerField),
    h("div", { class: "actions" }, save), out);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(save, out, async () => {
      const body = { code: codeIn.value.trim(), name: name.value.trim(), kind: kind.value, dealer: kind.value === "service_station" ? dealer.value || null : null };
      const saved = await post("/locations", body, { key: newKey() });
      show("locations", banner("ok", t("admin.created", { code: saved.code })));
    });
  });
  paint(form, h("div", { class: "card" }, table([
    { label: t("admin.code"), cell: (l) => l.code },
    { label: t("admin.name"), cell: (l) => l.name },
    { label: t("admin.locations.kind"), cell: (l) => code("LocationKind", l.kind) },
    { label: t("col.dealer"), cell: (l) => txt(l.dealer) },
    { label: t("admin.updated"), cell: (l) => when(l.updated_at) },
    { label: t("admin.actions"), cell: (l) => h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: () => rename(`/locations/${seg(l.code)}`, l, "locations") }, t("admin.rename")),
      h("a", { href: `/ui/lists#${new URLSearchParams({ list: "stock", location: l.code })}` }, t("admin.locations.stock"))) },
  ], locations, { id: "locations-table" })));
}

/** Renames a location or dealer in a dialog, against its version. */
function rename(path, record, tab) {
  const out = h("div");
  const name = h("input", { id: "rename-name", autocomplete: "off", value: record.name });
  const save = h("button", { type: "submit", class: "primary", id: "rename-save" }, t("admin.save"));
  const form = h("form", {}, field(t("admin.name"), name), h("div", { class: "actions" }, save), out);
  const dlg = modal(t("admin.rename_title", { code: record.code }), form);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const body = tab === "locations" ? { name: name.value.trim() } : { code: record.code, name: name.value.trim() };
    busy(save, out, async () => {
      await put(path, body, { key: newKey(), version: record.version });
      dlg.close();
      show(tab);
    });
  });
}

// ---- Dealers ----

async function dealersView(paint) {
  const dealers = await all("/dealers");
  const out = h("div", { id: "dealer-out" });
  const codeIn = h("input", { id: "dealer-code", autocomplete: "off" });
  const name = h("input", { id: "dealer-name", autocomplete: "off" });
  const save = h("button", { type: "submit", class: "primary", id: "dealer-save" }, t("admin.create"));
  const form = h("form", { class: "card", id: "dealer-form" }, h("h2", {}, t("admin.dealers.new")),
    h("div", { class: "grid3" }, field(t("admin.code"), codeIn), field(t("admin.name"), name)), h("div", { class: "actions" }, save), out);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(save, out, async () => {
      const saved = await post("/dealers", { code: codeIn.value.trim(), name: name.value.trim() }, { key: newKey() });
      show("dealers", banner("ok", t("admin.created", { code: saved.code })));
    });
  });
  paint(form, h("div", { class: "card" }, table([
    { label: t("admin.code"), cell: (d) => d.code },
    { label: t("admin.name"), cell: (d) => d.name },
    { label: t("admin.updated"), cell: (d) => when(d.updated_at) },
    { label: t("admin.actions"), cell: (d) => h("button", { type: "button", class: "secondary", onclick: () => rename(`/dealers/${seg(d.code)}`, d, "dealers") }, t("admin.rename")) },
  ], dealers, { id: "dealers-table" })));
}

// ---- Suppliers ----

async function suppliersView(paint) {
  const suppliers = await all("/suppliers");
  const box = h("div", { id: "supplier-form-box" });
  paint(box, h("div", { class: "card" },
    h("div", { class: "actions" }, h("button", { type: "button", class: "primary", id: "supplier-new", onclick: () => supplierForm(box, null) }, t("admin.suppliers.new"))),
    table([
      { label: t("admin.code"), cell: (s) => s.code },
      { label: t("admin.name"), cell: (s) => s.name },
      { label: t("admin.suppliers.parts_pct"), cell: (s) => `${s.recovery.parts_pct}%`, class: "num" },
      { label: t("admin.suppliers.labor_pct"), cell: (s) => `${s.recovery.labor_pct}%`, class: "num" },
      { label: t("admin.suppliers.window"), cell: (s) => t("admin.months", { n: s.claim_window_months }), class: "num" },
      { label: t("admin.suppliers.min_amount"), cell: (s) => yuan(s.min_amount_fen), class: "num" },
      { label: t("admin.actions"), cell: (s) => h("button", { type: "button", class: "secondary", onclick: () => supplierForm(box, s) }, t("admin.edit")) },
    ], suppliers, { id: "suppliers-table" })));
}

function supplierForm(box, s) {
  const out = h("div", { id: "supplier-out" });
  const num = (id, v) => h("input", { id, type: "number", min: "0", step: "1", value: v ?? "" });
  const codeIn = h("input", { id: "supplier-code", autocomplete: "off", value: s ? s.code : "", disabled: Boolean(s) });
  const name = h("input", { id: "supplier-name", autocomplete: "off", value: s ? s.name : "" });
  const parts = num("supplier-parts-pct", s ? s.recovery.parts_pct : 100);
  const labor = num("supplier-labor-pct", s ? s.recovery.labor_pct : 0);
  const win = num("supplier-window", s ? s.claim_window_months : 18);
  const min = yuanInput("supplier-min", s ? s.min_amount_fen : 0);
  const save = h("button", { type: "submit", class: "primary", id: "supplier-save" }, t("admin.save"));
  const form = h("form", { class: "card", id: "supplier-form" },
    h("h2", {}, s ? t("admin.suppliers.edit_title", { code: s.code }) : t("admin.suppliers.new")),
    h("div", { class: "grid3" }, field(t("admin.code"), codeIn), field(t("admin.name"), name), field(t("admin.suppliers.window"), win),
      field(t("admin.suppliers.parts_pct"), parts), field(t("admin.suppliers.labor_pct"), labor), field(t("admin.suppliers.min_amount"), min)),
    h("div", { class: "actions" }, save, h("button", { type: "button", class: "secondary", onclick: () => mount(box) }, t("admin.cancel"))), out);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(save, out, async () => {
      const body = {
        code: s ? s.code : codeIn.value.trim(),
        name: name.value.trim(),
        recovery: { parts_pct: Number(parts.value || 0), labor_pct: Number(labor.value || 0) },
        claim_window_months: Number(win.value || 0),
        min_amount_fen: fenOf(min, t("admin.suppliers.min_amount")),
      };
      const saved = s
        ? await put(`/suppliers/${seg(s.code)}`, body, { key: newKey(), version: s.version })
        : await post("/suppliers", body, { key: newKey() });
      show("suppliers", banner("ok", t("admin.saved", { code: saved.code })));
    });
  });
  mount(box, form);
}
