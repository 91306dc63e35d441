// Reorder suggestions per location (补货建议): choose a location and see, per part, what is
// on hand, coming and used, the rule and what to ask for. A station's ticked rows become a
// transfer from a chosen warehouse; a warehouse's suggestions are its purchase list
// (采购建议单), printed on A4 or taken as CSV. Clerks and admins also set a part's
// minimum, maximum and lead days at the location.

import { all, get, getBlob, newKey, post, put, qs, seg } from "./api.js";
import { code, t } from "./i18n.js";
import { badge, banner, busy, errorBanner, field, h, mount, openHtml, table, when } from "./ui.js";

let me;
let body;
let viewSeq = 0;

const SETS = ["admin", "clerk"];

export async function render(main, who) {
  me = who;
  body = h("div", { id: "reorder-body" });
  mount(main, h("h1", {}, t("reorder.title")), h("p", { class: "muted" }, t("reorder.intro")), body);
  try {
    const locations = (await all("/locations", {}, 2000)).filter((l) =>
      me.role === "dealer" ? l.kind === "service_station" && l.dealer === me.dealer : l.kind === "warehouse" || l.kind === "service_station");
    const warehouses = locations.filter((l) => l.kind === "warehouse");
    const pick = h("select", { id: "reorder-location" }, locations.map((l) => h("option", { value: l.code }, `${l.code} ${l.name}（${code("LocationKind", l.kind)}）`)));
    const out = h("div", { id: "reorder-out" });
    const show = h("button", { class: "primary", id: "reorder-show", onclick: () => showLocation(pick.value, warehouses, out) }, t("reorder.show"));
    pick.addEventListener("change", () => show.click());
    mount(body, h("div", { class: "card" }, h("div", { class: "row" }, field(t("reorder.location"), pick), show)), out);
    if (locations.length) show.click();
    else mount(out, h("p", { class: "muted" }, t("reorder.no_locations")));
  } catch (e) {
    mount(body, errorBanner(e));
  }
}

const num = (n) => (n === null || n === undefined ? "" : String(n));

async function showLocation(location, warehouses, out, notice = null) {
  const id = ++viewSeq;
  mount(out, h("p", { class: "muted" }, t("common.loading")));
  try {
    const s = await get(`/stock/reorder-suggestions${qs({ location })}`);
    if (id !== viewSeq) return;
    const station = s.kind === "service_station";
    const acts = SETS.includes(me.role);
    const picked = new Set(s.rows.filter((r) => r.suggested_qty > 0).map((r) => r.part_no));
    const msg = h("div", { id: "reorder-msg" }, notice);
    const refresh = (n) => showLocation(location, warehouses, out, n);
    const tick = (r) => (r.suggested_qty > 0 && station && acts
      ? h("input", { type: "checkbox", class: "reorder-pick", dataset: { part: r.part_no }, checked: true, "aria-label": r.part_no,
        onchange: (ev) => (ev.target.checked ? picked.add(r.part_no) : picked.delete(r.part_no)) })
      : "");
    const rows = table([
      { label: "", cell: tick },
      { label: t("col.part"), cell: (r) => h("b", {}, r.part_no) },
      { label: t("reorder.name"), cell: (r) => r.name },
      { label: t("reorder.on_hand"), cell: (r) => num(r.on_hand), class: "num" },
      { label: t("reorder.incoming"), cell: (r) => num(r.incoming), class: "num" },
      { label: t("reorder.planned"), cell: (r) => num(r.planned), class: "num" },
      { label: t("reorder.used"), cell: (r) => num(r.used), class: "num" },
      { label: t("reorder.daily"), cell: (r) => r.daily_usage.toFixed(2), class: "num" },
      { label: t("reorder.lead_days"), cell: (r) => num(r.lead_days), class: "num" },
      { label: t("reorder.levels"), cell: (r) => (r.min_qty === null || r.min_qty === undefined ? "" : `${r.min_qty} / ${r.max_qty}`), class: "num" },
      { label: t("reorder.basis"), cell: (r) => badge("ReorderBasis", r.basis) },
      { label: t("reorder.target"), cell: (r) => num(r.target), class: "num" },
      { label: t("reorder.suggested"), cell: (r) => (r.suggested_qty > 0 ? h("b", { class: "suggested" }, String(r.suggested_qty)) : "0"), class: "num" },
    ], s.rows, { empty: t("reorder.no_rows"), id: "reorder-table" });
    const head = h("p", { class: "muted", id: "reorder-window" }, t("reorder.window", { since: when(s.since), as_of: when(s.as_of) }));
    let actions = null;
    if (station && acts) {
      const from = h("select", { id: "reorder-from" }, warehouses.map((w) => h("option", { value: w.code }, `${w.code} ${w.name}`)));
      const make = h("button", { class: "primary", id: "reorder-transfer", onclick: () => busy(make, msg, async () => {
        const lines = s.rows.filter((r) => picked.has(r.part_no) && r.suggested_qty > 0).map((r) => ({ part_no: r.part_no, qty: r.suggested_qty }));
        if (!lines.length) throw new Error(t("reorder.none_ticked"));
        const tr = await post("/stock/transfers", { from: from.value, to: location, mode: "two_step", lines }, { key: newKey() });
        refresh(banner("ok", h("span", { id: "reorder-made" }, t("reorder.transfer_made", { number: tr.number, lines: lines.length }))));
      }) }, t("reorder.make_transfer"));
      actions = h("div", { class: "row" }, field(t("reorder.from"), from), make);
    } else if (!station) {
      const printBtn = h("button", { id: "reorder-print", onclick: () => openHtml(`/stock/reorder-suggestions/print${qs({ location })}`) }, t("reorder.print"));
      const csv = h("button", { id: "reorder-csv", onclick: () => busy(csv, msg, async () => {
        const blob = await getBlob(`/stock/reorder-suggestions${qs({ location, only_needed: "true", format: "csv" })}`);
        const url = URL.createObjectURL(blob);
        const a = h("a", { href: url, download: `reorder-${location}.csv` });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }) }, t("reorder.csv"));
      actions = h("div", { class: "row" }, h("span", {}, t("reorder.purchase_list")), printBtn, csv);
    }
    mount(out, h("div", { class: "card" }, h("h2", {}, `${s.location} ${s.location_name}`), head, actions, msg, rows),
      acts ? levelForm(location, refresh) : null);
  } catch (e) {
    if (id === viewSeq) mount(out, errorBanner(e));
  }
}

function levelForm(location, refresh) {
  const part = h("input", { id: "level-part", autocomplete: "off", placeholder: t("col.part") });
  const min = h("input", { id: "level-min", type: "number", min: "0", step: "1", value: "0", class: "qty" });
  const max = h("input", { id: "level-max", type: "number", min: "0", step: "1", value: "0", class: "qty" });
  const lead = h("input", { id: "level-lead", type: "number", min: "0", step: "1", placeholder: "7", class: "qty" });
  const out = h("div", { id: "level-out" });
  const save = h("button", { id: "level-save", onclick: () => busy(save, out, async () => {
    const p = part.value.trim().toUpperCase();
    if (!p) throw new Error(t("reorder.part_required"));
    const input = { min_qty: Number(min.value), max_qty: Number(max.value) };
    if (lead.value.trim() !== "") input.lead_days = Number(lead.value);
    const level = await put(`/stock/reorder-levels/${seg(location)}/${seg(p)}`, input, { key: newKey() });
    refresh(banner("ok", level ? t("reorder.level_saved", { part: p, min: level.min_qty, max: level.max_qty }) : t("reorder.level_removed", { part: p })));
  }) }, t("reorder.save_level"));
  return h("div", { class: "card" }, h("h2", {}, t("reorder.levels_title")), h("p", { class: "muted" }, t("reorder.levels_note")),
    h("div", { class: "row" }, field(t("col.part"), part), field(t("reorder.min"), min), field(t("reorder.max"), max), field(t("reorder.lead_days"), lead), save), out);
}
