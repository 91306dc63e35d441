// A part's ledger (零件台账): every movement of one part across the locations the caller
// sees, oldest first, with the running balance of each location after the movement, under a
// date range and a location, and the same rows exported as CSV or Excel.

import { all, ApiError, get, qs, seg } from "./api.js";
import { t } from "./i18n.js";
import { exportList } from "./lists.js";
import { busy, errorBanner, field, h, mount, table, when, yuan } from "./ui.js";

/** Where a document can be opened: the list that shows it, searched by its number. */
const DOC_LISTS = { RC: "receipts", TR: "transfers", RQ: "requisitions", CL: "claims", SE: "settlements", SC: "supplier-claims" };

/** Roles that may open a list other than everyone's. */
const LIST_ROLES = { settlements: ["admin", "finance", "dealer"], "supplier-claims": ["admin", "finance", "reviewer"] };

function docLink(number, me) {
  const list = DOC_LISTS[String(number).slice(0, 2)];
  if (!list || (LIST_ROLES[list] && !LIST_ROLES[list].includes(me.role))) return h("span", { class: "mono" }, number);
  return h("a", { class: "mono doc-link", href: `/ui/lists#${new URLSearchParams({ list, q: number })}` }, number);
}

export async function render(main, me) {
  const hash = new URLSearchParams(location.hash.slice(1));
  const locations = await all("/locations").catch(() => []);
  const part = h("input", { id: "lg-part", autocomplete: "off", value: hash.get("part") || "", placeholder: t("ledger.part_hint") });
  const loc = h("select", { id: "lg-location" }, h("option", { value: "" }, t("lists.any")),
    locations.map((l) => h("option", { value: l.code }, `${l.code} · ${l.name}`)));
  loc.value = hash.get("location") || "";
  const from = h("input", { id: "lg-from", type: "date", value: hash.get("from_date") || "" });
  const to = h("input", { id: "lg-to", type: "date", value: hash.get("to_date") || "" });
  const info = h("div", { id: "lg-info" });
  const results = h("div", { id: "lg-results" });
  const csv = h("button", { type: "button", id: "lg-csv", class: "secondary" }, t("lists.export_csv"));
  const xlsx = h("button", { type: "button", id: "lg-xlsx", class: "secondary" }, t("lists.export_xlsx"));
  const form = h("form", { class: "card filters", id: "ledger-filters" },
    h("div", { class: "grid3" }, field(t("ledger.part"), part), field(t("lists.location"), loc), h("span"),
      field(t("lists.from_date"), from), field(t("lists.to_date"), to)),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "lg-search", class: "primary" }, t("lists.search")), csv, xlsx));
  mount(main, h("h1", {}, t("ledger.title")), form, info, results);

  let partNo = null;
  const params = () => ({ part: partNo, location: loc.value, from_date: from.value, to_date: to.value });
  const search = async () => {
    mount(results);
    mount(info);
    partNo = await resolvePart(part.value.trim(), info);
    if (!partNo) return;
    part.value = partNo;
    history.replaceState(null, "", `#${new URLSearchParams(Object.entries(params()).filter(([, v]) => v))}`);
    await Promise.all([showInfo(partNo, loc.value, info), load(params(), results, me)]);
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    search();
  });
  const list = { id: "ledger", path: "/stock/ledger" };
  csv.addEventListener("click", () => partNo && busy(csv, null, () => exportList(list, params(), "csv", results)));
  xlsx.addEventListener("click", () => partNo && busy(xlsx, null, () => exportList(list, params(), "xlsx", results)));
  if (part.value.trim()) await search();
  else mount(results, h("p", { class: "muted" }, t("ledger.choose_part")));
}

/** The part number a typed part number or a scanned barcode names; null (with the refusal shown) when none. */
async function resolvePart(text, info) {
  if (!text) {
    mount(info, h("p", { class: "muted" }, t("ledger.choose_part")));
    return null;
  }
  try {
    return (await get(`/parts/${seg(text)}`)).part_no;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) {
      mount(info, errorBanner(e));
      return null;
    }
  }
  try {
    return (await get(`/parts/by-barcode/${seg(text)}`)).part_no;
  } catch (e) {
    mount(info, errorBanner(e.status === 404 ? new ApiError(404, { code: "not_found", params: { entity: "part", key: text } }) : e));
    return null;
  }
}

/** The part's name and what is on hand now, per location. */
async function showInfo(partNo, location, info) {
  try {
    const [p, stock] = await Promise.all([get(`/parts/${seg(partNo)}`), all("/stock", { part: partNo, location })]);
    const qty = stock.reduce((s, r) => s + r.qty, 0);
    const value = stock.reduce((s, r) => s + r.value_fen, 0);
    mount(info, h("div", { class: "card", id: "lg-part-info" },
      h("h2", {}, `${p.part_no} · ${p.name}`),
      h("p", { class: "muted" }, t("ledger.barcodes", { codes: p.barcodes.join(t("common.list_sep")) || "—" })),
      table([
        { label: t("lists.col.location"), cell: (r) => r.location },
        { label: t("ledger.on_hand"), cell: (r) => r.qty, class: "num" },
        { label: t("ledger.value"), cell: (r) => yuan(r.value_fen), class: "num" },
      ], stock, { id: "lg-on-hand", empty: t("ledger.none_on_hand") }),
      h("p", { id: "lg-total" }, t("ledger.total", { qty, value: yuan(value) }))));
  } catch (e) {
    mount(info, errorBanner(e));
  }
}

async function load(params, results, me, cursor = null, shown = []) {
  mount(results, h("p", { class: "muted" }, t("common.loading")));
  try {
    const page = await get(`/stock/ledger${qs({ ...params, limit: 200, cursor })}`);
    const rows = shown.concat(page.items);
    const more = page.next_cursor
      ? h("button", { type: "button", id: "lg-more", class: "secondary", onclick: () => load(params, results, me, page.next_cursor, rows) }, t("lists.more"))
      : null;
    mount(results, h("div", { class: "card" },
      h("p", { class: "muted", id: "lg-count" }, t("lists.count", { n: rows.length })),
      table([
        { label: t("ledger.col.at"), cell: (e) => when(e.at) },
        { label: t("lists.col.document"), cell: (e) => docLink(e.document, me) },
        { label: t("lists.col.location"), cell: (e) => e.location },
        { label: t("ledger.col.in"), cell: (e) => (e.qty_delta > 0 ? e.qty_delta : ""), class: "num" },
        { label: t("ledger.col.out"), cell: (e) => (e.qty_delta < 0 ? -e.qty_delta : ""), class: "num" },
        { label: t("ledger.col.balance"), cell: (e) => e.qty_after, class: "num" },
        { label: t("ledger.col.value_change"), cell: (e) => yuan(e.value_delta_fen), class: "num" },
        { label: t("ledger.col.value_after"), cell: (e) => yuan(e.value_after_fen), class: "num" },
      ], rows, { id: "ledger-table", empty: t("ledger.no_movements") }),
      more));
  } catch (e) {
    mount(results, errorBanner(e));
  }
}
