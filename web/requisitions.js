// Requisitions (领料单) at a station: the form (station, purpose, the unit with its model and
// coverage, the service request it answers, lines by part search or scan with what is on
// hand), saved as a draft or submitted for approval; the caller's requisitions with filters
// and export; one requisition's lines, issues, returns and decision, with submit and cancel.

import { all, get, newKey, post, qs, seg } from "./api.js";
import { code, t } from "./i18n.js";
import { exportList } from "./lists.js";
import { badge, banner, busy, errorBanner, field, h, mount, table, tabs, when, yuan } from "./ui.js";

const OPEN_REQUESTS = ["received", "arranged", "on_site", "resolved"];
const STATUSES = ["draft", "submitted", "approved", "rejected", "partially_issued", "issued", "closed", "cancelled"];
const CANCELLABLE = ["draft", "submitted", "approved"];
const LIST = { id: "requisitions", path: "/requisitions" };

let me;
let body;
let viewSeq = 0;

export async function render(main, who) {
  me = who;
  body = h("div", { id: "rq-body" });
  const hash = new URLSearchParams(location.hash.slice(1));
  // Deep links: #request=SV-000001 (a new requisition citing it), #new, #requisition=RQ-000001.
  let preset = hash.get("request");
  const first = preset || hash.has("new") ? "new" : "list";
  const bar = tabs([
    { id: "list", label: t("reqform.tab.list") },
    { id: "new", label: t("reqform.tab.new") },
  ], first, (id) => {
    if (id === "new") showForm(preset);
    else if (hash.has("requisition")) showDetail(hash.get("requisition"));
    else showList();
    preset = null;
    hash.delete("requisition");
  });
  bar.id = "rq-tabs";
  mount(main, h("h1", {}, t("reqform.title")), bar, body);
}

/** Marks tab `id` as the one shown (a detail opened from the form belongs to the list). */
function current(id) {
  for (const b of document.querySelectorAll("#rq-tabs [role=tab]")) b.setAttribute("aria-selected", String(b.dataset.tab === id));
}

/** Shows the loading note; answers a `paint` that fills the page only while this view is current. */
function loading() {
  const id = ++viewSeq;
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  return (...children) => id === viewSeq && mount(body, ...children);
}

/** The locations the caller may draw parts from: a dealer its own stations, a clerk its token's. */
async function stations() {
  const locs = await all("/locations", {}, 2000);
  return locs.filter((l) => {
    if (me.role === "dealer") return l.kind === "service_station" && l.dealer === me.dealer;
    if (!["warehouse", "service_station"].includes(l.kind)) return false;
    return me.role !== "clerk" || !me.locations.length || me.locations.includes(l.code);
  });
}

/** The caller's service requests that may still be cited (neither closed nor cancelled). */
async function openRequests() {
  const lists = await Promise.all(OPEN_REQUESTS.map((status) => all("/service-requests", { status }, 2000)));
  return lists.flat().sort((a, b) => String(b.received_at).localeCompare(String(a.received_at)));
}

const requestLabel = (r) => [r.number, r.customer, r.unit_serial, code("ServiceRequestStatus", r.status)].filter(Boolean).join(" · ");

function quoteText(r) {
  const p = r.paid;
  return p ? `${yuan(p.total_fen)} · ${code("QuoteStatus", p.status)}` : t("reqform.no_quote");
}

/** A unit's coverage today as a badge (from the lookup's `covered` and `coverage_end_date`). */
function coverage(u) {
  if (!u || u.covered === null || u.covered === undefined) return h("span", { class: "badge", id: "rq-coverage", dataset: { covered: "" } }, t("reqform.no_policy"));
  return h("span", { class: `badge ${u.covered ? "ok" : "err"}`, id: "rq-coverage", dataset: { covered: String(u.covered) } },
    t(u.covered ? "reqform.covered_until" : "reqform.expired_on", { date: u.coverage_end_date }));
}

// ---- The form ----

async function showForm(requestNo) {
  current("new");
  const paint = loading();
  let locs;
  let requests;
  try {
    [locs, requests] = await Promise.all([stations(), openRequests()]);
  } catch (e) {
    paint(errorBanner(e));
    return;
  }
  const out = h("div", { id: "rq-out" });
  const unitInfo = h("div", { id: "rq-unit-info" });
  const requestInfo = h("div", { id: "rq-request-info", class: "muted small" });
  const station = h("select", { id: "rq-location", required: true },
    locs.map((l) => h("option", { value: l.code }, `${l.code} ${l.name} · ${code("LocationKind", l.kind)}`)));
  const purpose = h("select", { id: "rq-purpose" },
    ["warranty", "paid_service", "internal"].map((p) => h("option", { value: p }, code("Purpose", p))));
  const unit = h("input", { id: "rq-unit", class: "mono", autocomplete: "off", spellcheck: "false", placeholder: t("field.unit_serial") });
  const picker = h("select", { id: "rq-request" }, h("option", { value: "" }, t("reqform.no_request")),
    requests.map((r) => h("option", { value: r.number }, requestLabel(r))));
  const known = new Map(requests.map((r) => [r.number, r]));
  if (requestNo && !known.has(requestNo)) {
    // Opened from a request not in the open list (closed, or not the caller's): the API decides.
    const r = await get(`/service-requests/${seg(requestNo)}`).catch(() => null);
    if (r) known.set(r.number, r);
    picker.append(h("option", { value: requestNo }, r ? requestLabel(r) : requestNo));
  }
  if (requestNo) picker.value = requestNo;

  let unitSeq = 0;
  const lookupUnit = async () => {
    const sn = unit.value.trim();
    const mine = ++unitSeq;
    if (!sn) return mount(unitInfo);
    try {
      const [u, found] = await Promise.all([
        get(`/units/${seg(sn)}`),
        get(`/service-requests/lookup${qs({ serial: sn })}`).catch(() => null),
      ]);
      if (mine !== unitSeq) return;
      const cov = found && found.units.find((x) => x.serial === u.serial);
      mount(unitInfo, banner("info", h("b", { id: "rq-model" }, u.model), ` · ${u.customer} · ${t("reqform.sold_on", { date: u.sale_date })} · `, coverage(cov)));
    } catch (e) {
      if (mine === unitSeq) mount(unitInfo, errorBanner(e));
    }
  };
  unit.addEventListener("change", lookupUnit);
  const lookupBtn = h("button", { type: "button", id: "rq-lookup", onclick: lookupUnit }, t("reqform.look_up"));

  const showRequest = () => {
    const r = known.get(picker.value);
    if (!r) return mount(requestInfo, picker.value ? picker.value : "");
    mount(requestInfo, `${r.customer} · ${r.unit_serial || t("reqform.no_unit")} · ${code("FaultClass", r.fault_class)} · `,
      t("reqform.quote"), " ", h("span", { id: "rq-quote" }, quoteText(r)));
    if (r.unit_serial && !unit.value.trim()) {
      unit.value = r.unit_serial;
      lookupUnit();
    }
  };
  picker.addEventListener("change", showRequest);

  const lines = linesEditor(station);
  station.addEventListener("change", lines.refresh);

  // A retried save (the same form, unchanged) carries the same key, so it is not filed twice.
  let last = { body: null, key: null };
  const save = (submit, button) => busy(button, out, async () => {
    mount(out);
    const input = {
      location: station.value,
      purpose: purpose.value,
      unit_serial: unit.value.trim() || null,
      service_request: picker.value || null,
      lines: lines.read(),
      submit,
    };
    if (!input.location) throw new Error(t("reqform.no_station"));
    if (!input.lines.length) throw new Error(t("reqform.add_a_line"));
    if (input.purpose === "paid_service" && !input.service_request) throw new Error(t("reqform.paid_needs_request"));
    const text = JSON.stringify(input);
    if (text !== last.body) last = { body: text, key: newKey() };
    const rq = await post("/requisitions", input, { key: last.key });
    history.replaceState(null, "", location.pathname);
    showDetail(rq.number, banner("ok", h("span", { id: "rq-saved" },
      t(submit ? "reqform.submitted" : "reqform.saved", { number: rq.number }))));
  });
  const draftBtn = h("button", { type: "button", id: "rq-save" }, t("reqform.save_draft"));
  const submitBtn = h("button", { type: "submit", class: "primary", id: "rq-submit" }, t("reqform.save_submit"));
  draftBtn.addEventListener("click", () => save(false, draftBtn));
  const form = h("form", { class: "card", id: "rq-form", onsubmit: (ev) => { ev.preventDefault(); save(true, submitBtn); } },
    h("h2", {}, t("reqform.new_heading")),
    locs.length ? null : banner("warn", t("reqform.no_stations")),
    h("div", { class: "grid3" },
      field(t("reqform.f.location"), station),
      field(t("reqform.f.purpose"), purpose),
      h("label", {}, t("field.unit_serial"), h("div", { class: "row" }, unit, lookupBtn))),
    unitInfo,
    field(t("reqform.f.request"), picker),
    requestInfo,
    h("h3", {}, t("field.lines")),
    lines.el,
    out,
    h("div", { class: "actions" }, draftBtn, submitBtn));
  paint(form);
  if (requestNo) showRequest();
  lines.focus();
}

/**
 * The lines: a box that takes a part number, a name to search or a scanned barcode; each
 * line shows the part's name and what is on hand at the chosen station. The same part
 * scanned again adds one to its line.
 */
function linesEditor(station) {
  const rows = h("tbody");
  const note = h("div", { id: "rq-part-note" });
  const input = h("input", { id: "rq-part", autocomplete: "off", spellcheck: "false", placeholder: t("reqform.part_hint") });
  const list = h("ul", { class: "hidden", role: "listbox", id: "rq-part-list" });
  let seq = 0;
  let timer;

  const onHand = async (row) => {
    const cell = row.querySelector(".on-hand");
    if (!station.value) return mount(cell, "—");
    try {
      const page = await get(`/stock${qs({ part: row.dataset.part, location: station.value, include_zero: true, limit: 1 })}`);
      mount(cell, String(page.items.length ? page.items[0].qty : 0));
    } catch {
      mount(cell, "—");
    }
  };
  const add = (p) => {
    mount(note);
    const had = [...rows.children].find((r) => r.dataset.part === p.part_no);
    if (had) {
      const qty = had.querySelector(".line-qty");
      qty.value = String(Number(qty.value || 0) + 1);
      return;
    }
    const qty = h("input", { class: "line-qty", type: "number", min: "1", step: "1", value: "1", required: true, "aria-label": t("col.qty") });
    const reason = h("input", { class: "line-reason", autocomplete: "off", "aria-label": t("field.reason"), placeholder: t("reqform.reason_hint") });
    const row = h("tr", { dataset: { part: p.part_no } },
      h("td", { class: "num seq" }),
      h("td", { class: "mono" }, p.part_no),
      h("td", {}, p.name, p.unit ? h("span", { class: "muted small" }, ` (${p.unit})`) : null),
      h("td", { class: "num on-hand" }, "…"),
      h("td", {}, qty),
      h("td", {}, reason),
      h("td", {}, h("button", { type: "button", class: "danger small", "aria-label": t("reqform.remove_line"), onclick: () => { row.remove(); number(); } }, t("reqform.remove"))));
    rows.append(row);
    number();
    onHand(row);
  };
  const number = () => [...rows.children].forEach((r, i) => { r.querySelector(".seq").textContent = String(i + 1); });
  const search = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (q.length < 2) return list.classList.add("hidden");
    try {
      const page = await get(`/parts${qs({ q, limit: 12 })}`);
      if (mine !== seq) return;
      mount(list, page.items.map((p) => h("li", { role: "option", onmousedown: (ev) => { ev.preventDefault(); pick(p); } }, h("b", {}, p.part_no), ` ${p.name}`)));
      list.classList.toggle("hidden", !page.items.length);
    } catch {
      list.classList.add("hidden");
    }
  };
  const pick = (p) => {
    seq++;
    input.value = "";
    list.classList.add("hidden");
    add(p);
    input.focus();
  };
  // Enter (or a scanner's trailing Enter): a barcode, else a part number, else the first match.
  const take = async () => {
    const text = input.value.trim();
    if (!text) return;
    try {
      pick(await get(`/parts/by-barcode/${seg(text)}`));
    } catch (byCode) {
      try {
        pick(await get(`/parts/${seg(text.toUpperCase())}`));
      } catch {
        const first = list.classList.contains("hidden") ? null : list.firstChild;
        if (first) first.dispatchEvent(new MouseEvent("mousedown"));
        else mount(note, errorBanner(byCode));
      }
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    clearTimeout(timer);
    take();
  });
  input.addEventListener("blur", () => setTimeout(() => list.classList.add("hidden"), 150));
  const el = h("div", {},
    h("div", { class: "row" }, field(t("reqform.f.part"), h("span", { class: "suggest" }, input, list))),
    note,
    h("div", { class: "table-wrap" }, h("table", { id: "rq-lines" },
      h("thead", {}, h("tr", {},
        h("th", { class: "num" }, "#"), h("th", {}, t("reqform.col.part_no")), h("th", {}, t("reqform.col.part_name")),
        h("th", { class: "num" }, t("reqform.col.on_hand")), h("th", {}, t("col.qty")), h("th", {}, t("field.reason")), h("th", {}))),
      rows)));
  return {
    el,
    focus: () => input.focus(),
    refresh: () => [...rows.children].forEach(onHand),
    read: () => [...rows.children].map((r) => ({
      part_no: r.dataset.part,
      qty: Number(r.querySelector(".line-qty").value),
      reason: r.querySelector(".line-reason").value.trim() || null,
    })),
  };
}

// ---- The list ----

function showList() {
  current("list");
  viewSeq++;
  history.replaceState(null, "", location.pathname);
  const status = h("select", { id: "rq-f-status" }, h("option", { value: "" }, t("lists.any")),
    STATUSES.map((s) => h("option", { value: s }, code("RequisitionStatus", s))));
  const q = h("input", { id: "rq-f-q", type: "search", autocomplete: "off", placeholder: t("reqform.q_hint") });
  const from = h("input", { id: "rq-f-from", type: "date" });
  const to = h("input", { id: "rq-f-to", type: "date" });
  const loc = h("input", { id: "rq-f-location", autocomplete: "off" });
  const results = h("div", { id: "rq-results" });
  const params = () => {
    const p = {};
    for (const [k, el] of Object.entries({ status, q, from_date: from, to_date: to, location: loc })) if (el.value.trim()) p[k] = el.value.trim();
    return p;
  };
  const csv = h("button", { type: "button", id: "rq-export-csv", class: "secondary" }, t("lists.export_csv"));
  const xlsx = h("button", { type: "button", id: "rq-export-xlsx", class: "secondary" }, t("lists.export_xlsx"));
  csv.addEventListener("click", () => busy(csv, null, () => exportList(LIST, params(), "csv", results)));
  xlsx.addEventListener("click", () => busy(xlsx, null, () => exportList(LIST, params(), "xlsx", results)));
  const form = h("form", { class: "card filters", id: "rq-filters", onsubmit: (ev) => { ev.preventDefault(); load(params(), results); } },
    h("div", { class: "grid3" },
      field(t("lists.status"), status), field(t("lists.q"), q), field(t("lists.location"), loc),
      field(t("lists.from_date"), from), field(t("lists.to_date"), to)),
    h("div", { class: "actions" }, h("button", { type: "submit", id: "rq-search" }, t("lists.search")), csv, xlsx));
  mount(body, form, results);
  load(params(), results);
}

async function load(params, results, cursor, shown = []) {
  const id = viewSeq;
  mount(results, h("p", { class: "muted" }, t("common.loading")));
  try {
    const page = await get(`/requisitions${qs({ ...params, limit: 100, cursor })}`);
    if (id !== viewSeq) return;
    const rows = shown.concat(page.items);
    const more = page.next_cursor
      ? h("button", { type: "button", id: "rq-more", class: "secondary", onclick: () => load(params, results, page.next_cursor, rows) }, t("lists.more"))
      : null;
    mount(results, h("div", { class: "card" },
      h("p", { class: "muted", id: "rq-count" }, t("lists.count", { n: rows.length })),
      table([
        { label: t("col.number"), cell: (r) => h("b", {}, r.number) },
        { label: t("reqform.col.created"), cell: (r) => when(r.created_at), class: "hide-narrow" },
        { label: t("col.location"), cell: (r) => h("span", { class: "mono" }, r.location) },
        { label: t("reqform.f.purpose"), cell: (r) => code("Purpose", r.purpose) },
        { label: t("col.unit"), cell: (r) => h("span", { class: "mono" }, r.unit_serial || "—"), class: "hide-narrow" },
        { label: t("reqform.f.request"), cell: (r) => r.service_request || "—" },
        { label: t("col.parts"), cell: (r) => r.lines.map((l) => `${l.part_no} × ${l.qty}`).join(t("common.list_sep")) },
        { label: t("col.status"), cell: (r) => badge("RequisitionStatus", r.status) },
      ], rows, { id: "rq-table", empty: t("reqform.none"), onRow: (r) => showDetail(r.number) }),
      more));
  } catch (e) {
    if (id === viewSeq) mount(results, errorBanner(e));
  }
}

// ---- One requisition ----

async function showDetail(number, notice) {
  current("list");
  const paint = loading();
  let r;
  let names;
  try {
    r = await get(`/requisitions/${seg(number)}`);
    names = Object.fromEntries(await Promise.all(r.lines.map((l) => get(`/parts/${seg(l.part_no)}`).then((p) => [l.part_no, p.name], () => [l.part_no, ""]))));
  } catch (e) {
    paint(errorBanner(e));
    return;
  }
  history.replaceState(null, "", `#requisition=${r.number}`);
  const out = h("div", { id: "rq-detail-out" });
  const act = (id, label, path, tone, ask) => {
    const b = h("button", { type: "button", id, class: tone, onclick: () => busy(b, out, async () => {
      if (ask && !confirm(ask)) return;
      const next = await post(`/requisitions/${seg(r.number)}/${path}`, {}, { key: newKey(), version: r.version });
      showDetail(next.number, banner("ok", t("reqform.now", { number: next.number, status: code("RequisitionStatus", next.status) })));
    }) }, label);
    return b;
  };
  const decision = r.decided_by
    ? `${r.decided_by} · ${when(r.decided_at)}${r.decision_comment ? ` · ${r.decision_comment}` : ""}`
    : "—";
  const facts = [
    [t("col.location"), h("span", { class: "mono" }, r.location)],
    [t("reqform.f.purpose"), code("Purpose", r.purpose)],
    [t("field.unit_serial"), h("span", { class: "mono" }, r.unit_serial || "—")],
    [t("reqform.f.request"), r.service_request
      ? h("a", { id: "rq-cited", href: `/ui/service#request=${encodeURIComponent(r.service_request)}` }, r.service_request)
      : h("span", { id: "rq-cited" }, "—")],
    [t("reqform.requester"), h("span", { class: "mono" }, r.requester)],
    [t("reqform.col.created"), when(r.created_at)],
    [t("col.submitted"), when(r.submitted_at)],
    [t("reqform.decision"), h("span", { id: "rq-decision" }, decision)],
    [t("reqform.first_issue"), when(r.first_issue_at)],
    [t("reqform.closed"), when(r.closed_at)],
  ];
  paint(
    h("p", {}, h("a", { href: "#", id: "rq-back", onclick: (ev) => { ev.preventDefault(); showList(); } }, t("reqform.all"))),
    notice || null,
    h("div", { class: "card", id: "rq-detail", dataset: { number: r.number, status: r.status } },
      h("h2", { style: "margin:0" }, t("reqform.heading", { number: r.number }), " ", h("span", { id: "rq-status" }, badge("RequisitionStatus", r.status))),
      h("dl", { class: "facts" }, facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
      table([
        { label: "#", cell: (l) => l.line, class: "num" },
        { label: t("reqform.col.part_no"), cell: (l) => h("span", { class: "mono" }, l.part_no) },
        { label: t("reqform.col.part_name"), cell: (l) => [names[l.part_no] || "—", l.reason ? h("div", { class: "muted small" }, l.reason) : null] },
        { label: t("col.qty"), cell: (l) => l.qty, class: "num" },
        { label: t("reqform.col.issued"), cell: (l) => `${l.issued_qty} · ${yuan(l.issued_value_fen)}`, class: "num" },
        { label: t("reqform.col.returned"), cell: (l) => `${l.returned_qty} · ${yuan(l.returned_value_fen)}`, class: "num" },
      ], r.lines, { id: "rq-detail-lines" }),
      out,
      h("div", { class: "actions" },
        r.status === "draft" ? act("rq-do-submit", t("reqform.submit"), "submit", "primary") : null,
        CANCELLABLE.includes(r.status) ? act("rq-do-cancel", t("reqform.cancel"), "cancel", "danger", t("reqform.cancel_question", { number: r.number })) : null)),
  );
}
