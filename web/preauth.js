// Pre-authorization (预授权): the dealer's request — unit, fault, estimate lines and photos
// from the phone camera — with its list, amending a returned one and submitting it again;
// the reviewer's and supervisor's queue and decision (approve, approve for less, reject,
// return for more information).

import { all, get, newKey, post, put, seg } from "./api.js";
import { code, t } from "./i18n.js";
import { attachmentsCard } from "./attachments.js";
import { badge, banner, busy, date, errorBanner, field, h, modal, mount, table, tabs, toFen, when, yuan } from "./ui.js";

const DECIDERS = ["admin", "reviewer", "supervisor"];
const KINDS = ["part", "labor", "travel", "other"];
let me;
let body;

export async function render(main, who) {
  me = who;
  body = h("div", { id: "preauth-body" });
  const items = me.role === "dealer"
    ? [{ id: "mine", label: t("preauth.tab.mine") }, { id: "request", label: t("preauth.tab.request") }]
    : [{ id: "queue", label: t("preauth.tab.queue") }, { id: "all", label: t("preauth.tab.all") }];
  mount(main, h("h1", {}, t("preauth.title")), tabs(items, items[0].id, show), body);
}

function show(id) {
  const views = { mine: () => list({}), request: () => form(null), queue: () => list({ status: "submitted" }), all: () => list({}) };
  views[id]();
}

/** The requests the caller sees (filtered), newest first; a row opens the request. */
async function list(params) {
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  try {
    const rows = await all("/preauthorizations", params, 500);
    mount(body, table([
      { label: t("preauth.col.number"), cell: (r) => r.number },
      { label: t("preauth.col.status"), cell: (r) => badge("PreauthStatus", r.status) },
      { label: t("preauth.col.dealer"), cell: (r) => r.dealer },
      { label: t("preauth.col.unit"), cell: (r) => r.unit_serial },
      { label: t("preauth.col.fault"), cell: (r) => r.fault_code },
      { label: t("preauth.col.total"), cell: (r) => yuan(r.total_fen), class: "num" },
      { label: t("preauth.col.approved"), cell: (r) => yuan(r.approved_fen), class: "num" },
      { label: t("preauth.col.expires"), cell: (r) => r.expires_on || "—" },
      { label: t("preauth.col.updated"), cell: (r) => when(r.updated_at) },
    ], rows, { id: "preauth-list", onRow: (r) => open(r.number), empty: t("preauth.none") }));
  } catch (e) {
    mount(body, errorBanner(e));
  }
}

/** One estimate line's inputs. */
function lineRow(line = {}) {
  const kind = h("select", { class: "pa-kind", "aria-label": t("preauth.f.kind") },
    KINDS.map((k) => h("option", { value: k, selected: k === (line.kind || "part") ? true : undefined }, code("LineKind", k))));
  const part = h("input", { class: "pa-part", placeholder: t("preauth.f.part_no"), "aria-label": t("preauth.f.part_no"), value: line.part_no || "" });
  const qty = h("input", { class: "pa-qty", type: "number", min: "1", step: "1", "aria-label": t("preauth.f.qty"), value: String(line.qty || 1) });
  const price = h("input", { class: "pa-price", inputmode: "decimal", "aria-label": t("preauth.f.price"), placeholder: "0.00", value: line.unit_price_fen !== undefined ? (line.unit_price_fen / 100).toFixed(2) : "" });
  const amount = h("span", { class: "pa-amount num" }, "—");
  const hint = h("span", { class: "muted small pa-hint" });
  const row = h("div", { class: "row pa-line" }, kind, part, qty, price, amount, hint);
  const remove = h("button", { type: "button", class: "pa-remove", onclick: () => { row.remove(); totals(); } }, t("preauth.remove_line"));
  row.append(remove);
  const refresh = () => {
    const labor = kind.value === "labor";
    part.disabled = kind.value !== "part";
    if (part.disabled) part.value = "";
    hint.textContent = labor ? t("preauth.labor_hint") : "";
    const fen = toFen(price.value);
    const n = Number(qty.value);
    const value = Number.isInteger(fen) && Number.isInteger(n) && n > 0 ? (labor ? Math.floor((2 * fen * n + 60) / 120) : fen * n) : null;
    amount.textContent = yuan(value);
    row.dataset.amount = value ?? "";
    totals();
  };
  for (const el of [kind, qty, price]) el.addEventListener("input", refresh);
  kind.addEventListener("change", refresh);
  row.read = () => ({
    kind: kind.value,
    part_no: kind.value === "part" ? part.value.trim() || null : null,
    qty: Number(qty.value),
    unit_price_fen: toFen(price.value) ?? 0,
  });
  queueMicrotask(refresh);
  return row;
}

function totals() {
  const out = document.getElementById("pa-total");
  if (!out) return;
  const sum = [...document.querySelectorAll(".pa-line")].reduce((s, r) => s + (Number(r.dataset.amount) || 0), 0);
  out.textContent = yuan(sum);
}

/** The request form: new, or amending a draft or returned request `pa`. */
function form(pa) {
  const unit = h("input", { id: "pa-unit", value: pa ? pa.unit_serial : "", disabled: pa ? true : undefined, autocomplete: "off" });
  const fault = h("input", { id: "pa-fault", value: pa ? pa.fault_code : "" });
  const desc = h("textarea", { id: "pa-description", rows: "3" }, pa ? pa.description : "");
  const goodwill = h("input", { type: "checkbox", id: "pa-goodwill", checked: pa && pa.goodwill ? true : undefined });
  const lines = h("div", { id: "pa-lines" }, (pa ? pa.lines : [{}]).map((l) => lineRow(l)));
  const out = h("div", { id: "pa-out" });
  const save = h("button", { class: "primary", id: "pa-save" }, pa ? t("preauth.save_amend") : t("preauth.save_draft"));
  const send = h("button", { id: "pa-send" }, t("preauth.save_submit"));
  const input = () => ({
    unit_serial: unit.value.trim(),
    fault_code: fault.value.trim(),
    description: desc.value.trim(),
    goodwill: goodwill.checked,
    lines: [...lines.querySelectorAll(".pa-line")].map((r) => r.read()),
  });
  const write = async (submit) => {
    const saved = pa
      ? await put(`/preauthorizations/${seg(pa.number)}`, input(), { key: newKey(), version: pa.version })
      : await post("/preauthorizations", input(), { key: newKey() });
    const done = submit ? await post(`/preauthorizations/${seg(saved.number)}/submit`, {}, { key: newKey(), version: saved.version }) : saved;
    mount(out, banner("ok", t(submit ? "preauth.submitted" : "preauth.saved", { number: done.number })));
    mount(body, h("div", { class: "card" }, banner("ok", t(submit ? "preauth.submitted" : "preauth.saved", { number: done.number })),
      attachmentsCard(done.number, { canAdd: true }),
      h("button", { id: "pa-open", onclick: () => open(done.number) }, t("preauth.open", { number: done.number }))));
  };
  save.addEventListener("click", () => busy(save, out, () => write(false)));
  send.addEventListener("click", () => busy(send, out, () => write(true)));
  mount(body, h("div", { class: "card", id: "pa-form" },
    h("h2", { style: "margin-top:0" }, pa ? t("preauth.amend_title", { number: pa.number }) : t("preauth.new_title")),
    pa && pa.decision_note ? banner("warn", h("b", {}, t("preauth.returned_because")), " ", pa.decision_note) : null,
    h("div", { class: "grid" },
      field(t("preauth.f.unit"), unit),
      field(t("preauth.f.fault"), fault)),
    field(t("preauth.f.description"), desc),
    h("label", { class: "row" }, goodwill, t("preauth.f.goodwill")),
    h("h3", {}, t("preauth.estimate")),
    lines,
    h("div", { class: "row" },
      h("button", { type: "button", id: "pa-add-line", onclick: () => lines.append(lineRow({ kind: "labor" })) }, t("preauth.add_line")),
      h("span", {}, t("preauth.total"), " ", h("b", { id: "pa-total" }, "—"))),
    h("p", { class: "muted small" }, t("preauth.photos_after")),
    pa ? attachmentsCard(pa.number, { canAdd: true }) : null,
    h("div", { class: "actions" }, save, send),
    out));
}

/** A request with the steps its state allows the caller. */
async function open(number) {
  let pa;
  try {
    pa = await get(`/preauthorizations/${seg(number)}`);
  } catch (e) {
    mount(body, errorBanner(e));
    return;
  }
  const out = h("div", { id: "pa-detail-out" });
  const dlg = modal(t("preauth.detail_title", { number: pa.number }), h("div", { id: "pa-detail" },
    h("p", {}, badge("PreauthStatus", pa.status), " ", pa.goodwill ? h("span", { class: "badge warn" }, t("preauth.goodwill")) : null),
    h("dl", { class: "facts" },
      h("dt", {}, t("preauth.col.dealer")), h("dd", {}, pa.dealer),
      h("dt", {}, t("preauth.col.unit")), h("dd", {}, pa.unit_serial),
      h("dt", {}, t("preauth.col.fault")), h("dd", {}, pa.fault_code),
      h("dt", {}, t("preauth.f.description")), h("dd", {}, pa.description),
      h("dt", {}, t("preauth.col.submitted")), h("dd", {}, when(pa.submitted_at)),
      pa.decided_at ? [h("dt", {}, t("preauth.col.decided")), h("dd", {}, `${when(pa.decided_at)} · ${pa.decided_by}`)] : null,
      pa.approved_fen !== null ? [h("dt", {}, t("preauth.col.approved")), h("dd", { id: "pa-approved" }, yuan(pa.approved_fen))] : null,
      pa.expires_on ? [h("dt", {}, t("preauth.col.expires")), h("dd", { id: "pa-expires" }, pa.expires_on)] : null,
      pa.decision_note ? [h("dt", {}, t("preauth.col.note")), h("dd", {}, pa.decision_note)] : null,
      pa.used_by_claim ? [h("dt", {}, t("preauth.col.used_by")), h("dd", {}, pa.used_by_claim)] : null),
    table([
      { label: "#", cell: (l) => l.line },
      { label: t("preauth.f.kind"), cell: (l) => code("LineKind", l.kind) },
      { label: t("preauth.f.part_no"), cell: (l) => l.part_no || "—" },
      { label: t("preauth.f.qty"), cell: (l) => (l.kind === "labor" ? t("preauth.minutes", { n: l.qty }) : l.qty), class: "num" },
      { label: t("preauth.f.price"), cell: (l) => yuan(l.unit_price_fen), class: "num" },
      { label: t("preauth.col.amount"), cell: (l) => yuan(l.amount_fen), class: "num" },
    ], pa.lines, { id: "pa-lines-table" }),
    h("p", {}, t("preauth.total"), " ", h("b", { id: "pa-detail-total" }, yuan(pa.total_fen))),
    attachmentsCard(pa.number, { canAdd: me.role !== "reviewer" && me.role !== "supervisor" && ["draft", "returned", "submitted"].includes(pa.status) }),
    actions(pa, () => dlg.close(), out),
    out));
}

function actions(pa, close, out) {
  const after = async (fn) => {
    await fn();
    close();
    const current = document.querySelector("[role=tab][aria-selected=true]");
    if (current) current.click();
  };
  const buttons = [];
  if (me.role === "dealer" || me.role === "admin") {
    if (["draft", "returned"].includes(pa.status)) {
      buttons.push(h("button", { id: "pa-amend", onclick: () => { close(); form(pa); } }, t("preauth.amend")));
      const submit = h("button", { class: "primary", id: "pa-submit" }, t("preauth.submit"));
      submit.addEventListener("click", () => busy(submit, out, () => after(() => post(`/preauthorizations/${seg(pa.number)}/submit`, {}, { key: newKey(), version: pa.version }))));
      buttons.push(submit);
    }
    if (["draft", "submitted", "returned"].includes(pa.status)) {
      const cancel = h("button", { id: "pa-cancel" }, t("preauth.cancel"));
      cancel.addEventListener("click", () => busy(cancel, out, () => after(() => post(`/preauthorizations/${seg(pa.number)}/cancel`, {}, { key: newKey(), version: pa.version }))));
      buttons.push(cancel);
    }
  }
  const decision = DECIDERS.includes(me.role) && pa.status === "submitted" ? decide(pa, after, out) : null;
  return h("div", {}, buttons.length ? h("div", { class: "actions" }, buttons) : null, decision);
}

/** The decision form: the amount (the total unless lowered), a note, and the three outcomes. */
function decide(pa, after, out) {
  const amount = h("input", { id: "pa-decide-amount", inputmode: "decimal", value: (pa.total_fen / 100).toFixed(2) });
  const note = h("textarea", { id: "pa-decide-note", rows: "2", placeholder: t("preauth.note_hint") });
  const send = (decision) => {
    const body = { decision, note: note.value.trim() || null };
    if (decision === "approve") {
      const fen = toFen(amount.value);
      if (fen === null || Number.isNaN(fen)) {
        mount(out, banner("err", t("preauth.amount_invalid")));
        return null;
      }
      body.amount_fen = fen;
    }
    return after(() => post(`/preauthorizations/${seg(pa.number)}/decision`, body, { key: newKey(), version: pa.version }));
  };
  const approve = h("button", { class: "primary", id: "pa-approve" }, t("preauth.approve"));
  const reject = h("button", { id: "pa-reject" }, t("preauth.reject"));
  const ret = h("button", { id: "pa-return" }, t("preauth.return"));
  approve.addEventListener("click", () => busy(approve, out, () => send("approve")));
  reject.addEventListener("click", () => busy(reject, out, () => send("reject")));
  ret.addEventListener("click", () => busy(ret, out, () => send("return")));
  return h("div", { class: "card", id: "pa-decision" },
    h("h3", { style: "margin-top:0" }, t("preauth.decision")),
    field(t("preauth.f.amount"), amount),
    h("p", { class: "muted small" }, t("preauth.amount_help", { total: yuan(pa.total_fen), today: date(new Date()) })),
    field(t("preauth.f.note"), note),
    h("div", { class: "actions" }, approve, reject, ret));
}
