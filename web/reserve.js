// Reserve plans (配件储备计划): the dealer plans the parts it will stock for a season and
// submits the plan before its due date (30 days before the season starts); finance
// approves plans and converts them into parts orders, and reads the season's report of
// dealers missing or late and plan vs ordered vs shipped (with its CSV).

import { all, get, getBlob, newKey, post, qs, seg } from "./api.js";
import { code, t } from "./i18n.js";
import { badge, banner, busy, errorBanner, field, h, mount, table, tabs, when } from "./ui.js";

let me;
let body;
let viewSeq = 0;

const TABS = [
  { id: "new", roles: ["admin", "dealer", "finance"] },
  { id: "plans", roles: ["admin", "dealer", "finance"] },
  { id: "report", roles: ["admin", "dealer", "finance"] },
];

export async function render(main, who) {
  me = who;
  body = h("div", { id: "reserve-body" });
  const items = TABS.filter((x) => x.roles.includes(me.role)).map((x) => ({ id: x.id, label: t(`reserve.tab.${x.id}`) }));
  const first = me.role === "finance" ? "plans" : "new";
  const bar = tabs(items, first, (id) => ({ new: showForm, plans: () => showPlans(), report: showReport })[id]());
  mount(main, h("h1", {}, t("reserve.title")), bar, body);
}

function loading() {
  const id = ++viewSeq;
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  return (...children) => id === viewSeq && mount(body, ...children);
}

async function guard(paint, fn) {
  try {
    await fn();
  } catch (e) {
    paint(errorBanner(e));
  }
}

/** The first day of the next quarter after today, as YYYY-MM-DD (a season's usual start). */
function nextSeason() {
  const d = new Date();
  const m = Math.floor(d.getMonth() / 3) * 3 + 3;
  const y = d.getFullYear() + Math.floor(m / 12);
  return `${y}-${String((m % 12) + 1).padStart(2, "0")}-01`;
}

/** The date 30 days before `season` (YYYY-MM-DD), as the server computes it. */
function dueOf(season) {
  const [y, m, d] = season.split("-").map(Number);
  if (!y || !m || !d) return "";
  const due = new Date(Date.UTC(y, m - 1, d) - 30 * 86400000);
  return due.toISOString().slice(0, 10);
}

// ---- The dealer's plan form ----

async function showForm() {
  const paint = loading();
  await guard(paint, async () => {
    const dealers = me.dealer ? [] : await all("/dealers", {}, 1000);
    const dealer = h("select", { id: "plan-dealer" }, dealers.map((d) => h("option", { value: d.code }, `${d.code} ${d.name}`)));
    const season = h("input", { id: "plan-season", type: "date", value: nextSeason() });
    const due = h("b", { id: "plan-due" }, dueOf(season.value));
    season.addEventListener("input", () => { due.textContent = dueOf(season.value); });
    const note = h("input", { id: "plan-note", maxlength: "200" });
    const part = h("input", { id: "plan-part", autocomplete: "off", placeholder: t("reserve.part_no") });
    const qty = h("input", { id: "plan-qty", type: "number", min: "1", step: "1", value: "1", class: "qty" });
    const lines = new Map();
    const linesBox = h("div", { id: "plan-lines" });
    const out = h("div", { id: "plan-out" });
    const redraw = () => mount(linesBox, table([
      { label: t("col.part"), cell: (l) => h("b", {}, l.part_no) },
      { label: t("col.qty"), cell: (l) => String(l.qty), class: "num" },
      { label: "", cell: (l) => h("button", { onclick: () => { lines.delete(l.part_no); redraw(); } }, t("supply.remove")) },
    ], [...lines.values()], { empty: t("reserve.no_lines"), id: "plan-lines-table" }));
    const add = h("button", { id: "plan-add", onclick: () => {
      const p = part.value.trim().toUpperCase();
      const n = Number(qty.value);
      if (!p || !Number.isInteger(n) || n < 1) return;
      const l = lines.get(p);
      if (l) l.qty += n;
      else lines.set(p, { part_no: p, qty: n });
      part.value = "";
      qty.value = "1";
      redraw();
      part.focus();
    } }, t("reserve.add_line"));
    part.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); add.click(); } });
    const save = (submit) => async () => {
      if (!lines.size) throw new Error(t("reserve.no_lines"));
      const input = { season_start: season.value, lines: [...lines.values()], note: note.value.trim() || undefined };
      if (!me.dealer) input.dealer = dealer.value;
      let plan = await post("/reserve-plans", input, { key: newKey() });
      if (submit) plan = await post(`/reserve-plans/${seg(plan.number)}/submit`, {}, { key: newKey(), version: plan.version });
      lines.clear();
      redraw();
      mount(out, banner("ok", t("reserve.saved", { number: plan.number, status: code("PlanStatus", plan.status) }),
        plan.days_late > 0 ? ` ${t("reserve.late_by", { days: plan.days_late })}` : ""));
    };
    const submitBtn = h("button", { class: "primary", id: "plan-submit", onclick: () => busy(submitBtn, out, save(true)) }, t("reserve.save_submit"));
    const draftBtn = h("button", { id: "plan-draft", onclick: () => busy(draftBtn, out, save(false)) }, t("reserve.save_draft"));
    redraw();
    paint(h("div", { class: "card" }, h("h2", {}, t("reserve.new")),
      me.dealer ? null : field(t("col.dealer"), dealer),
      h("div", { class: "row" }, field(t("reserve.season_start"), season), h("span", {}, t("reserve.due_date"), " ", due)),
      h("div", { class: "row" }, field(t("reserve.part_no"), part), field(t("col.qty"), qty), add),
      linesBox, field(t("reserve.note"), note),
      h("div", { class: "row" }, submitBtn, draftBtn), out));
  });
}

// ---- Plans: the dealer's own, finance's approval queue ----

const ACTIONS = {
  draft: [["submit", ["admin", "dealer", "finance"]], ["cancel", ["admin", "dealer", "finance"]]],
  submitted: [["approve", ["admin", "finance"]], ["cancel", ["admin", "dealer", "finance"]]],
  approved: [["convert", ["admin", "finance"]], ["cancel", ["admin", "dealer", "finance"]]],
};

async function showPlans(status = me.role === "dealer" ? "" : "submitted", notice = null) {
  const paint = loading();
  await guard(paint, async () => {
    const rows = await all("/reserve-plans", { status }, 2000);
    const pick = h("select", { id: "plan-status", onchange: () => showPlans(pick.value) },
      h("option", { value: "" }, t("reserve.all")),
      ["draft", "submitted", "approved", "converted", "cancelled"].map((s) => h("option", { value: s, selected: s === status }, code("PlanStatus", s))));
    const out = h("div", { id: "plans-out" }, notice);
    const act = (p, action) => h("button", { class: `plan-${action}`, dataset: { plan: p.number }, onclick: (ev) => busy(ev.target, out, async () => {
      const done = await post(`/reserve-plans/${seg(p.number)}/${action}`, {}, { key: newKey(), version: p.version });
      const text = done.order ? t("reserve.converted", { number: done.number, order: done.order }) : t("reserve.saved", { number: done.number, status: code("PlanStatus", done.status) });
      showPlans(status, banner("ok", text));
    }) }, t(`reserve.${action}`));
    paint(h("div", { class: "card" },
      field(t("reserve.status"), pick), out,
      table([
        { label: t("col.number"), cell: (p) => h("b", {}, p.number) },
        { label: t("col.dealer"), cell: (p) => p.dealer },
        { label: t("reserve.season_start"), cell: (p) => p.season_start },
        { label: t("reserve.due_date"), cell: (p) => p.due_date },
        { label: t("reserve.status"), cell: (p) => badge("PlanStatus", p.status) },
        { label: t("reserve.days_late"), cell: (p) => (p.days_late > 0 ? h("span", { class: "badge warn" }, String(p.days_late)) : ""), class: "num" },
        { label: t("reserve.lines"), cell: (p) => p.lines.map((l) => `${l.part_no} × ${l.qty}`).join("，") },
        { label: t("reserve.submitted_at"), cell: (p) => (p.submitted_at ? when(p.submitted_at) : "") },
        { label: t("reserve.order"), cell: (p) => p.order || "" },
        { label: "", cell: (p) => (ACTIONS[p.status] || []).filter(([, roles]) => roles.includes(me.role)).map(([a]) => act(p, a)) },
      ], rows, { empty: t("reserve.no_plans"), id: "plans-table" })));
  });
}

// ---- The season's report ----

async function showReport(season = nextSeason()) {
  const paint = loading();
  await guard(paint, async () => {
    const report = await get(`/reports/reserve-plans${qs({ season_start: season })}`);
    const input = h("input", { id: "report-season", type: "date", value: season });
    const go = h("button", { id: "report-go", onclick: () => showReport(input.value) }, t("reserve.show"));
    const out = h("div", {});
    const csv = h("button", { id: "report-csv", onclick: () => busy(csv, out, async () => {
      const blob = await getBlob(`/reports/reserve-plans${qs({ season_start: season, format: "csv" })}`);
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: `reserve-plans-${season}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    }) }, t("reserve.csv"));
    const rows = report.dealers.flatMap((d) => (d.lines.length ? d.lines : [null]).map((l, i) => ({ d, l, first: i === 0 })));
    paint(h("div", { class: "card" },
      h("div", { class: "row" }, field(t("reserve.season_start"), input), go, csv),
      h("p", { class: "muted", id: "report-note" }, t("reserve.report_note", { due: report.due_date, as_of: report.as_of })), out,
      table([
        { label: t("col.dealer"), cell: (r) => (r.first ? `${r.d.dealer} ${r.d.dealer_name}` : "") },
        { label: t("reserve.standing"), cell: (r) => (r.first ? badge("PlanStanding", r.d.standing) : "") },
        { label: t("col.number"), cell: (r) => (r.first ? r.d.plan || "" : "") },
        { label: t("reserve.status"), cell: (r) => (r.first && r.d.status ? badge("PlanStatus", r.d.status) : "") },
        { label: t("reserve.days_late"), cell: (r) => (r.first && r.d.days_late ? String(r.d.days_late) : ""), class: "num" },
        { label: t("reserve.order"), cell: (r) => (r.first ? r.d.order || "" : "") },
        { label: t("col.part"), cell: (r) => (r.l ? r.l.part_no : "") },
        { label: t("reserve.planned"), cell: (r) => (r.l ? String(r.l.planned) : ""), class: "num" },
        { label: t("reserve.ordered"), cell: (r) => (r.l ? String(r.l.ordered) : ""), class: "num" },
        { label: t("reserve.shipped"), cell: (r) => (r.l ? String(r.l.shipped) : ""), class: "num" },
      ], rows, { empty: t("reserve.no_dealers"), id: "report-table" })));
  });
}
