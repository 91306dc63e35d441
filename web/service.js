// The service desk (售后服务登记): the intake form at phone-call speed, the dispatcher's
// board with a countdown to each request's next standard, the follow-up call list (回访),
// and for a dealer its inbox. One dialog shows a request and the steps its state allows.

import { all, get, newKey, post, seg } from "./api.js";
import { code, t } from "./i18n.js";
import { badge, banner, busy, errorBanner, field, h, modal, mount, table, tabs, when, yuan } from "./ui.js";
import { openCampaigns, unitCampaigns } from "./open_campaigns.js";

const DESK = ["admin", "clerk", "supervisor"];
const OPEN = ["received", "arranged", "on_site"];
let me;
let body;
let timer;

export async function render(main, who) {
  me = who;
  body = h("div", { id: "service-body" });
  const items = me.role === "dealer"
    ? [{ id: "inbox", label: t("service.tab.inbox") }, { id: "intake", label: t("service.tab.intake") }]
    : [{ id: "board", label: t("service.tab.board") }, { id: "intake", label: t("service.tab.intake") }, { id: "follow-ups", label: t("service.tab.follow_ups") }];
  mount(main, h("h1", {}, t("service.title")), tabs(items, items[0].id, show), body);
  // A link may open one request's dialog: #request=SV-000001.
  const wanted = new URLSearchParams(location.hash.slice(1)).get("request");
  if (wanted) queueMicrotask(() => detail(wanted));
}

// The tab shown last: a list answering after another tab was chosen is not drawn.
let shown = 0;

function show(id) {
  shown++;
  clearInterval(timer);
  const views = { board, intake, "follow-ups": followUps, inbox };
  views[id]();
}

const isDesk = () => DESK.includes(me.role);
const mine = (r) => me.role === "dealer" && r.assignee_kind === "dealer" && r.assignee === me.dealer;

/** Minutes as `H:MM`. */
function hm(minutes) {
  const m = Math.abs(Math.round(minutes));
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
}

/** The countdown to `due` (an instant), updated by the board's timer. */
function countdown(due) {
  if (!due) return h("span", { class: "muted" }, "—");
  const cell = h("span", { class: "countdown", dataset: { due } });
  paint(cell);
  return cell;
}

function paint(cell) {
  const left = (new Date(cell.dataset.due).getTime() - Date.now()) / 60000;
  cell.textContent = left < 0 ? t("service.overdue_by", { time: hm(left) }) : t("service.left", { time: hm(left) });
  cell.className = `countdown ${left < 0 ? "late" : left < 60 ? "soon" : ""}`;
}

/** The standard a request waits for next. */
function nextStandard(r) {
  const s = r.evaluation.standards.find((x) => !x.done_at && x.due_at === r.evaluation.next_due_at);
  return s ? code("StandardKind", s.kind) : "—";
}

const assigneeText = (r) => (r.assignee ? `${code("AssigneeKind", r.assignee_kind)} ${r.assignee}` : "—");

function requestTable(rows, id, extra = []) {
  return table([
    { label: t("service.col.number"), cell: (r) => h("b", {}, r.number) },
    { label: t("service.col.received"), cell: (r) => when(r.received_at), class: "hide-narrow" },
    { label: t("service.col.customer"), cell: (r) => r.customer },
    { label: t("service.col.fault"), cell: (r) => code("FaultClass", r.fault_class) },
    { label: t("service.col.assignee"), cell: assigneeText },
    { label: t("col.status"), cell: (r) => badge("ServiceRequestStatus", r.status) },
    ...extra,
  ], rows, { id, onRow: (r) => detail(r.number), empty: t("service.none") });
}

async function board() {
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  const mine = shown;
  try {
    const [watch, ...lists] = await Promise.all([
      get("/service-requests/watch?within_minutes=120"),
      ...OPEN.map((status) => all("/service-requests", { status }, 2000)),
    ]);
    if (mine !== shown) return;
    const open = lists.flat().sort((a, b) => String(a.evaluation.next_due_at || "9").localeCompare(String(b.evaluation.next_due_at || "9")));
    const groups = watch.assignees.map((g) => h("span", { class: `badge ${g.overdue ? "err" : "warn"}` },
      t("service.watch_group", { who: g.assignee || t("service.unassigned"), overdue: g.overdue, soon: g.due_soon })));
    mount(body,
      h("div", { class: "card", id: "watch" },
        h("h2", {}, t("service.watch", { overdue: watch.overdue, soon: watch.due_soon })),
        h("div", { class: "row" }, groups.length ? groups : h("span", { class: "muted" }, t("service.watch_empty")))),
      h("div", { class: "card" },
        h("h2", {}, t("service.open", { n: open.length })),
        requestTable(open, "board-table", [
          { label: t("service.col.next"), cell: nextStandard },
          { label: t("service.col.countdown"), cell: (r) => countdown(r.evaluation.next_due_at) },
        ])));
    timer = setInterval(() => document.querySelectorAll(".countdown[data-due]").forEach(paint), 30000);
  } catch (e) {
    mount(body, errorBanner(e));
  }
}

async function followUps() {
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  try {
    const mine = shown;
    const list = (await all("/service-requests", { status: "resolved" }, 2000))
      .sort((a, b) => String(a.follow_up_due_at).localeCompare(String(b.follow_up_due_at)));
    if (mine !== shown) return;
    mount(body, h("div", { class: "card" },
      h("h2", {}, t("service.follow_up_list", { n: list.length })),
      table([
        { label: t("service.col.number"), cell: (r) => h("b", {}, r.number) },
        { label: t("service.col.customer"), cell: (r) => r.customer },
        { label: t("service.col.contact"), cell: (r) => h("span", { class: "mono" }, r.contact) },
        { label: t("service.col.resolved"), cell: (r) => when(r.resolved_at), class: "hide-narrow" },
        { label: t("service.col.follow_up_due"), cell: (r) => countdown(r.follow_up_due_at) },
        { label: t("service.col.tries"), cell: (r) => String(r.follow_ups.length) },
      ], list, { id: "follow-up-table", onRow: (r) => detail(r.number), empty: t("service.none") })));
  } catch (e) {
    mount(body, errorBanner(e));
  }
}

async function inbox() {
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  try {
    const mine = shown;
    const list = (await all("/service-requests", {}, 2000)).filter((r) => [...OPEN, "resolved"].includes(r.status));
    if (mine !== shown) return;
    mount(body, h("div", { class: "card" },
      h("h2", {}, t("service.inbox", { n: list.length })),
      requestTable(list, "inbox-table", [{ label: t("service.col.countdown"), cell: (r) => countdown(r.evaluation.next_due_at) }])));
  } catch (e) {
    mount(body, errorBanner(e));
  }
}

function select(id, schema, values, chosen) {
  return h("select", { id }, values.map((v) => h("option", { value: v, selected: v === chosen ? true : undefined }, code(schema, v))));
}

function intake() {
  const out = h("div", { id: "intake-out" });
  const unitInfo = h("div", { id: "unit-info", class: "muted small" });
  const input = (id, attrs = {}) => h("input", { id, autocomplete: "off", ...attrs });
  const f = {
    channel: select("sr-channel", "Channel", ["phone", "letter", "visit", "web"], "phone"),
    customer: input("sr-customer"),
    contact: input("sr-contact", { inputmode: "tel" }),
    unit: input("sr-unit", { class: "mono" }),
    dealer: input("sr-dealer"),
    fault: select("sr-class", "FaultClass", ["body", "chassis_engine", "other"], "body"),
    distance: input("sr-distance", { type: "number", min: "0", value: "0" }),
    supplier: h("input", { id: "sr-supplier", type: "checkbox" }),
    description: h("textarea", { id: "sr-description", rows: 3 }),
  };
  const history = h("div", { id: "caller-history" });
  const campaigns = h("div", { id: "unit-campaigns" });
  // The open campaigns of the unit in the form, asked whenever a unit is looked up.
  let campaignsAsked = 0;
  const showCampaigns = async () => {
    const mine = ++campaignsAsked;
    const serial = f.unit.value.trim();
    const open = serial ? await unitCampaigns(serial) : [];
    if (mine === campaignsAsked) mount(campaigns, openCampaigns(open));
  };
  // What is known of the caller: the unit(s) with their coverage and earlier requests.
  const known = (found) => {
    const units = found.units.map((u) => h("li", { class: "unit-coverage", dataset: { serial: u.serial } },
      h("b", { class: "mono" }, u.serial), " ",
      t("service.unit_info", { model: u.model, dealer: u.dealer, sale: u.sale_date, card: u.registration_received_date || t("service.no_card") }),
      " · ", u.coverage_end_date ? t("service.coverage_end", { date: u.coverage_end_date }) : t("service.no_policy"),
      " ", u.covered === null ? "" : h("span", { class: `badge ${u.covered ? "ok" : "err"}`, dataset: { covered: String(u.covered) } }, t(u.covered ? "service.covered" : "service.expired")),
      f.unit.value.trim() === u.serial ? "" : h("button", { type: "button", class: "small use-unit", onclick: () => { useUnit(u); showCampaigns(); } }, t("service.use_unit"))));
    if (units.length) mount(unitInfo, h("ul", { class: "plain" }, units));
    else if (!f.unit.value.trim()) mount(unitInfo, t("service.no_unit_known"));
    mount(history, found.requests.length
      ? [h("h3", {}, t("service.earlier", { n: found.requests.length })),
        table([
          { label: t("service.col.number"), cell: (r) => h("b", {}, r.number) },
          { label: t("service.col.received"), cell: (r) => when(r.received_at) },
          { label: t("service.f.unit"), cell: (r) => r.unit_serial || "—", class: "hide-narrow" },
          { label: t("service.col.fault"), cell: (r) => code("FaultClass", r.fault_class) },
          { label: t("col.status"), cell: (r) => badge("ServiceRequestStatus", r.status) },
        ], found.requests, { id: "earlier-table", onRow: (r) => detail(r.number) })]
      : []);
  };
  const useUnit = (u) => {
    f.unit.value = u.serial;
    if (!f.customer.value) f.customer.value = u.customer;
    if (isDesk()) f.dealer.value = u.dealer;
  };
  // Only the latest lookup's answer is shown (a field left and a button clicked both ask).
  let asked = 0;
  const ask = async (query) => {
    const mine = ++asked;
    const found = await get(`/service-requests/lookup?${query}`);
    return mine === asked ? found : null;
  };
  const lookup = h("button", { id: "sr-lookup", type: "button", onclick: () => busy(lookup, unitInfo, async () => {
    const serial = f.unit.value.trim();
    if (!serial) return;
    const found = await ask(`serial=${encodeURIComponent(serial)}`);
    if (!found) return;
    useUnit(found.units[0]);
    known(found);
    await showCampaigns();
  }) }, t("service.lookup"));
  const phoneLookup = h("button", { id: "sr-phone-lookup", type: "button", onclick: () => busy(phoneLookup, unitInfo, async () => {
    const phone = f.contact.value.trim();
    if (phone.replace(/\D/g, "").length < 5) return;
    const found = await ask(`phone=${encodeURIComponent(phone)}`);
    if (!found) return;
    if (found.units.length === 1 && !f.unit.value.trim()) useUnit(found.units[0]);
    if (!f.customer.value && found.requests.length) f.customer.value = found.requests[0].customer;
    known(found);
    await showCampaigns();
  }) }, t("service.phone_lookup"));
  // Typing a number or a serial looks it up when the field is left.
  f.contact.addEventListener("change", () => phoneLookup.click());
  f.unit.addEventListener("change", () => { if (f.unit.value.trim()) lookup.click(); });
  const submit = h("button", { id: "sr-submit", class: "primary", type: "submit" }, t("service.take"));
  const form = h("form", { id: "intake-form", class: "card", onsubmit: (ev) => {
    ev.preventDefault();
    busy(submit, out, async () => {
      const r = await post("/service-requests", {
        channel: f.channel.value,
        customer: f.customer.value,
        contact: f.contact.value,
        unit_serial: f.unit.value.trim() || null,
        dealer: isDesk() ? f.dealer.value.trim() || null : null,
        fault_class: f.fault.value,
        distance_km: Number(f.distance.value || 0),
        needs_supplier: f.supplier.checked,
        description: f.description.value,
      }, { key: newKey() });
      form.reset();
      mount(unitInfo);
      mount(history);
      mount(campaigns);
      mount(out, banner("ok", h("span", { id: "sr-created" }, t("service.taken", { number: r.number }))));
      detail(r.number);
    });
  } },
  h("h2", {}, t("service.tab.intake")),
  h("div", { class: "grid2" },
    field(t("service.f.channel"), f.channel),
    field(t("service.f.customer"), f.customer),
    h("label", {}, t("service.f.contact"), h("div", { class: "row" }, f.contact, phoneLookup)),
    h("label", {}, t("service.f.unit"), h("div", { class: "row" }, f.unit, lookup)),
    isDesk() ? field(t("service.f.dealer"), f.dealer) : null,
    field(t("service.f.fault"), f.fault),
    field(t("service.f.distance"), f.distance),
    h("label", { class: "check" }, f.supplier, t("service.f.supplier"))),
  unitInfo,
  campaigns,
  history,
  field(t("service.f.description"), f.description),
  h("div", { class: "row" }, submit),
  out);
  mount(body, form);
  f.customer.focus();
}

/** One step of the dialog: a form with inputs and a button that posts `body()`. */
function step(r, id, label, inputs, path, bodyOf, tone = "") {
  const out = h("div");
  const b = h("button", { id, class: tone, type: "button", onclick: () => busy(b, out, async () => {
    const next = await post(`/service-requests/${seg(r.number)}/${path}`, bodyOf(), { key: newKey(), version: r.version });
    dialog.close();
    detail(next.number, banner("ok", t("service.done", { number: next.number, status: code("ServiceRequestStatus", next.status) })));
  }) }, label);
  return h("div", { class: "step row" }, ...inputs, b, out);
}

let dialog;

async function detail(number, notice) {
  let r;
  try {
    r = await get(`/service-requests/${seg(number)}`);
  } catch (e) {
    alert(e.message);
    return;
  }
  const text = (id, placeholder) => h("input", { id, placeholder, autocomplete: "off" });
  const steps = [];
  const desk = isDesk();
  const worker = desk || mine(r);
  if (desk && ["received", "arranged"].includes(r.status)) {
    const kind = select("arrange-kind", "AssigneeKind", ["dealer", "department"], r.assignee_kind || "dealer");
    const who = text("arrange-assignee", t("service.f.assignee"));
    who.value = r.assignee || r.dealer || "";
    const plan = text("arrange-plan", t("service.f.plan"));
    steps.push(step(r, "arrange-go", t("action.arrange"), [kind, who, plan], "arrange",
      () => ({ assignee_kind: kind.value, assignee: who.value, plan: plan.value }), "primary"));
  }
  if (desk && r.arranged_at && !r.checked_at && ["arranged", "on_site", "resolved"].includes(r.status)) {
    const note = text("check-note", t("service.f.note"));
    steps.push(step(r, "check-go", t("action.check"), [note], "check", () => ({ note: note.value || null })));
  }
  if (worker && ["arranged", "on_site"].includes(r.status)) {
    if (!r.on_site_at) steps.push(step(r, "on-site-go", t("action.on_site"), [], "on-site", () => ({})));
    if (!r.answered_at) steps.push(step(r, "answer-go", t("action.answer"), [], "answer", () => ({})));
  }
  if (worker && r.status === "on_site") {
    const what = text("resolve-text", t("service.f.resolution"));
    const claims = text("resolve-claims", t("service.f.claims"));
    const reports = text("resolve-reports", t("service.f.reports"));
    const reqs = text("resolve-requisitions", t("service.f.requisitions"));
    reqs.value = r.cited_by_requisitions.join(" ");
    const list = (i) => i.value.split(/[\s,，]+/).filter(Boolean);
    steps.push(step(r, "resolve-go", t("action.resolve"), [what, claims, reports, reqs], "resolve",
      () => ({ resolution: what.value, claims: list(claims), service_reports: list(reports), requisitions: list(reqs) }), "primary"));
  }
  const reached = r.follow_ups.some((x) => x.outcome === "reached");
  if (desk && ["resolved", "closed"].includes(r.status) && !reached) {
    const outcome = select("fu-outcome", "FollowUpOutcome", ["reached", "unreachable"], "reached");
    const score = h("select", { id: "fu-satisfaction", "aria-label": t("service.f.satisfaction") },
      [5, 4, 3, 2, 1].map((n) => h("option", { value: String(n) }, t("service.score", { n }))));
    const complaint = text("fu-complaint", t("service.f.complaint"));
    const fault = h("input", { id: "fu-fault", type: "checkbox" });
    steps.push(step(r, "fu-go", t("action.follow_up"),
      [outcome, score, complaint, h("label", { class: "check" }, fault, t("service.f.service_fault"))], "follow-ups", () => {
        const ok = outcome.value === "reached";
        return { outcome: outcome.value, satisfaction: ok ? Number(score.value) : null, complaint: ok && complaint.value ? complaint.value : null, service_fault: ok && fault.checked };
      }, "primary"));
  }
  if (desk && r.status === "resolved") steps.push(step(r, "close-go", t("action.close"), [], "close", () => ({})));
  if ((desk || (me.role === "dealer" && r.created_by === me.token_id)) && OPEN.includes(r.status)) {
    const why = text("cancel-reason", t("service.f.reason"));
    steps.push(step(r, "cancel-go", t("action.cancel"), [why], "cancel", () => ({ reason: why.value }), "danger"));
  }
  const p = r.paid;
  if (worker && !["closed", "cancelled"].includes(r.status) && (!p || ["quoted", "rejected"].includes(p.status))) {
    const travel = text("quote-travel", t("service.f.travel"));
    const wages = text("quote-wages", t("service.f.wages"));
    const fen = (i) => Math.round(Number(i.value || 0) * 100);
    steps.push(step(r, "quote-go", t("action.quote"), [travel, wages], "quote", () => ({ travel_fen: fen(travel), wages_fen: fen(wages) })));
  }
  if (p && p.status === "quoted" && ["admin", "supervisor"].includes(me.role)) {
    const comment = text("quote-comment", t("service.f.comment"));
    steps.push(step(r, "quote-approve", t("action.approve"), [comment], "quote/approve", () => ({ comment: comment.value || null }), "primary"));
    steps.push(step(r, "quote-reject", t("action.reject"), [], "quote/reject", () => ({ comment: comment.value || null }), "danger"));
  }
  if (p && p.status === "approved" && ["admin", "finance"].includes(me.role)) {
    const ref = text("fee-reference", t("service.f.reference"));
    steps.push(step(r, "fee-go", t("action.collect"), [ref], "fee", () => ({ amount_fen: p.total_fen, reference: ref.value }), "primary"));
  }
  const facts = [
    [t("service.col.customer"), `${r.customer} · ${r.contact}`],
    [t("service.f.unit"), r.unit_serial || "—"],
    [t("service.f.dealer"), r.dealer || "—"],
    [t("service.col.fault"), `${code("FaultClass", r.fault_class)} · ${r.distance_km} km${r.needs_supplier ? ` · ${t("service.f.supplier")}` : ""}`],
    [t("service.f.description"), r.description],
    [t("service.col.assignee"), assigneeText(r)],
    [t("service.f.plan"), r.plan || "—"],
    [t("service.f.resolution"), r.resolution || "—"],
    [t("service.f.links"), [...r.service_reports, ...r.requisitions, ...r.claims].join(" ") || "—"],
    [t("service.f.cited_by"), h("span", { id: "sr-cited-by" }, r.cited_by_requisitions.length
      ? r.cited_by_requisitions.map((n) => [h("a", { href: `/ui/requisitions#requisition=${encodeURIComponent(n)}` }, n), " "])
      : "—")],
    [t("service.f.closed_reason"), h("span", { id: "sr-closed-reason" }, r.closed_reason ? code("ClosedReason", r.closed_reason) : "—")],
    [t("service.f.paid"), p ? `${yuan(p.total_fen)} · ${code("QuoteStatus", p.status)}` : "—"],
  ];
  const standards = table([
    { label: t("service.col.standard"), cell: (s) => code("StandardKind", s.kind) },
    { label: t("service.col.due"), cell: (s) => when(s.due_at) },
    { label: t("service.col.done"), cell: (s) => when(s.done_at) },
    { label: t("col.status"), cell: (s) => badge("Standing", s.standing) },
  ], r.evaluation.standards, { id: "standards-table" });
  const calls = r.follow_ups.map((x) => h("li", {}, `${when(x.at)} · ${code("FollowUpOutcome", x.outcome)}`,
    x.satisfaction ? ` · ${t("service.score", { n: x.satisfaction })}` : "", x.complaint ? ` · ${x.complaint}` : "",
    x.service_fault ? ` · ${t("service.f.service_fault")}` : ""));
  dialog = modal(`${t("entity.service_request")} ${r.number}`, h("div", { id: "sr-detail", dataset: { status: r.status } },
    notice || null,
    h("p", {}, h("span", { id: "sr-status" }, badge("ServiceRequestStatus", r.status)), " ",
      r.evaluation.on_time === null ? "" : badge("Standing", r.evaluation.on_time ? "met" : "missed"), " ",
      // Parts for the work: a requisition citing this request (领料).
      ["closed", "cancelled"].includes(r.status) ? null
        : h("button", { type: "button", id: "sr-requisition", onclick: () => { location.href = `/ui/requisitions#request=${encodeURIComponent(r.number)}`; } }, t("service.requisition"))),
    h("dl", { class: "facts" }, facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    h("h3", {}, t("service.standards")), standards,
    calls.length ? [h("h3", {}, t("service.follow_ups")), h("ul", {}, calls)] : null,
    steps.length ? [h("h3", {}, t("service.steps")), ...steps] : null));
  dialog.addEventListener("close", () => {
    const current = document.querySelector("[role=tab][aria-selected=true]");
    if (current && !document.querySelector("dialog[open]")) show(current.dataset.tab);
  });
}
