// Dealer portal: own units and warranty claims (三包索赔), filing and amending claims, the
// automatic-check findings and the review results, old-part tags (旧件) with their labels
// and return shipments, and settlements (核销通知) to confirm.

import { all, ApiError, get, newKey, post, put, qs, seg } from "./api.js";
import { badge, banner, busy, errorBanner, field, h, modal, mount, openHtml, table, tabs, toFen, today, when, yuan } from "./ui.js";

let me;
let body;

export async function render(main, who) {
  me = who;
  body = h("div", { id: "dealer-body" });
  const items = [
    { id: "claims", label: "Claims 三包索赔" },
    { id: "units", label: "Units 整车" },
    { id: "old-parts", label: "Old parts 旧件" },
    { id: "settlements", label: "Settlements 核销通知" },
  ];
  const bar = tabs(items, "claims", (id) => VIEWS[id]());
  mount(main, h("h1", {}, "Dealer portal ", h("span", { class: "zh" }, me.dealer ? `经销商 ${me.dealer}` : "经销商")), bar, body);
  // Deep links: #claim=CL-000001, #new, #new=SERIAL.
  const follow = () => {
    const hash = new URLSearchParams(location.hash.slice(1));
    if (hash.has("claim")) showClaim(hash.get("claim"));
    else if (hash.has("new")) showForm(null, hash.get("new"));
  };
  window.addEventListener("hashchange", follow);
  queueMicrotask(follow);
}

const VIEWS = {
  claims: showClaims,
  units: showUnits,
  "old-parts": showOldParts,
  settlements: showSettlements,
};

let viewSeq = 0;

/** Shows "Loading…" and answers a `put` that fills the page only while this view is current. */
function loading() {
  const id = ++viewSeq;
  mount(body, h("p", { class: "muted" }, "Loading…"));
  return (...children) => id === viewSeq && mount(body, ...children);
}

async function guard(paint, fn) {
  try {
    await fn();
  } catch (e) {
    paint(errorBanner(e));
  }
}

// ---- Claims list ----

async function showClaims(status = "") {
  const paint = loading();
  await guard(paint, async () => {
    const [claims, due] = await Promise.all([
      all("/claims", { status }, 2000),
      Promise.all([all("/old-parts", { status: "due" }), all("/old-parts", { status: "overdue" })]).then(([a, b]) => [...a, ...b]),
    ]);
    const overdue = due.filter((t) => t.status === "overdue").length;
    const filter = h("select", { id: "claim-status", onchange: () => showClaims(filter.value) },
      ["", "draft", "submitted", "returned", "decided", "settled"].map((st) => h("option", { value: st, selected: st === status }, st || "all statuses")));
    const returned = claims.filter((c) => c.status === "returned").length;
    paint(
      h("div", { class: "row", style: "justify-content:space-between;align-items:center;margin-bottom:.75rem" },
        h("div", { class: "row" }, field("Status", filter)),
        h("button", { class: "primary", id: "new-claim", onclick: () => showForm(null) }, "+ File a claim")),
      returned && !status ? banner("warn", `${returned} claim${returned > 1 ? "s were" : " was"} sent back by the reviewer: amend and resubmit.`) : null,
      due.length ? banner(overdue ? "err" : "info", `${due.length} old part${due.length > 1 ? "s" : ""} (旧件) to return${overdue ? `, ${overdue} overdue` : ""}: see `,
        h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); document.querySelector("[data-tab=old-parts]").click(); } }, "Old parts"), ".") : null,
      h("div", { class: "card" }, table([
        { label: "Claim", cell: (c) => h("b", {}, c.number) },
        { label: "Unit", cell: (c) => h("span", { class: "mono" }, c.unit_serial) },
        { label: "Fault", cell: (c) => c.fault_code, class: "hide-narrow" },
        { label: "Status", cell: (c) => badge(c.status) },
        { label: "Claimed ¥", cell: (c) => yuan(c.claimed_fen), class: "num" },
        { label: "Approved ¥", cell: (c) => (c.status === "decided" || c.status === "settled" ? yuan(c.approved_fen) : "—"), class: "num" },
        { label: "Updated", cell: (c) => when(c.updated_at), class: "hide-narrow" },
      ], claims, { empty: "No claims yet.", onRow: (c) => showClaim(c.number), id: "claims-table" })),
    );
  });
}

// ---- One claim ----

function lineWhat(l) {
  switch (l.kind) {
    case "part":
      return [h("b", {}, l.part_no), ` × ${l.qty} · ${(l.source || "").replace(/_/g, " ")}`, l.requisition ? ` · ${l.requisition}` : ""];
    case "labor":
      return `Labor ${l.minutes} min`;
    default:
      return `${l.kind[0].toUpperCase()}${l.kind.slice(1)}${l.note ? ` · ${l.note}` : ""}`;
  }
}

export function findingsList(findings) {
  if (!findings || !findings.length) return null;
  return findings.map((f) => h("div", { class: `finding ${f.severity}` }, f.severity === "error" ? "✗ " : "⚠ ", h("b", {}, f.code), `: ${f.message}`));
}

export function linesTable(claim, extra = []) {
  return table([
    { label: "#", cell: (l) => l.line, class: "num" },
    { label: "Line", cell: (l) => [lineWhat(l), l.note && (l.kind === "part" || l.kind === "labor") ? h("div", { class: "small muted" }, l.note) : null] },
    { label: "Claimed ¥", cell: (l) => yuan(l.claimed_fen), class: "num" },
    { label: "Status", cell: (l) => badge(l.status) },
    { label: "Approved ¥", cell: (l) => (l.approved_fen === null || l.approved_fen === undefined ? "—" : yuan(l.approved_fen)), class: "num" },
    { label: "Reason / checks", cell: (l) => [l.reason ? h("div", {}, l.reason) : null, findingsList(l.findings)] },
    ...extra,
  ], claim.lines, { id: "claim-lines" });
}

async function showClaim(number, notice) {
  const paint = loading();
  await guard(paint, async () => {
    const [c, tags] = await Promise.all([get(`/claims/${seg(number)}`), all("/old-parts", { claim: number })]);
    history.replaceState(null, "", `#claim=${c.number}`);
    const out = h("div");
    const editable = c.status === "draft" || c.status === "returned";
    const submitBtn = h("button", {
      class: "primary", id: "submit-claim",
      onclick: () => busy(submitBtn, out, async () => {
        const res = await post(`/claims/${seg(c.number)}/submit`, {}, { key: newKey(), version: c.version });
        showClaim(c.number, submitNotice(res));
      }),
    }, c.status === "returned" ? "Resubmit" : "Submit");
    paint(
      h("p", {}, h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); history.replaceState(null, "", location.pathname); showClaims(); } }, "← All claims")),
      notice || null,
      h("div", { class: "card" },
        h("div", { class: "row", style: "justify-content:space-between;align-items:center" },
          h("h2", { style: "margin:0" }, `Claim ${c.number} `, badge(c.status)),
          h("span", { class: "muted small" }, `version ${c.version}`)),
        c.status === "returned" && c.return_comment ? banner("warn", h("b", {}, "Sent back by the reviewer: "), c.return_comment) : null,
        h("div", { class: "grid3", style: "margin-top:.75rem" },
          kv("Unit", h("span", { class: "mono" }, c.unit_serial)),
          kv("Fault code", c.fault_code),
          kv("Usage", [c.usage_km != null ? `${c.usage_km.toLocaleString("en-US")} km` : null, c.usage_hours != null ? `${c.usage_hours} h` : null].filter(Boolean).join(" · ") || "—"),
          kv("Failure date", c.failure_date),
          kv("Repair date", c.repair_date),
          kv("Filed", c.filing_date || "not yet submitted"),
          kv("Claimed", `¥${yuan(c.claimed_fen)}`),
          kv("Approved", c.status === "decided" || c.status === "settled" ? `¥${yuan(c.approved_fen)}` : "—"),
          kv("Service report", c.service_report || "—")),
        h("p", {}, c.description),
        linesTable(c),
        out,
        h("div", { class: "actions" },
          editable ? h("button", { id: "amend-claim", onclick: () => showForm(c) }, "Amend") : null,
          editable ? submitBtn : null,
          h("button", { onclick: () => showVersions(c.number) }, "History")),
      ),
      tagsCard(tags, () => showClaim(c.number)),
    );
  });
}

function submitNotice(res) {
  const errors = res.findings.filter((f) => f.severity === "error").length;
  const warnings = res.findings.length - errors;
  if (!res.findings.length) return banner("ok", h("b", {}, "Submitted."), " The automatic checks found nothing; the claim now waits for review.");
  return banner(errors ? "err" : "warn", h("b", {}, `Submitted with ${errors} error${errors === 1 ? "" : "s"} and ${warnings} warning${warnings === 1 ? "" : "s"}.`),
    errors ? " Lines with an error were rejected at once; warnings are left to the reviewer." : " Warnings are left to the reviewer.",
    h("div", { id: "submit-findings" }, findingsList(res.findings.map((f) => ({ ...f, code: `line ${f.line} · ${f.code}` })))));
}

function kv(k, v) {
  return h("div", {}, h("div", { class: "muted small" }, k), h("div", {}, v));
}

async function showVersions(number) {
  const versions = await get(`/claims/${seg(number)}/versions`);
  modal(`History of ${number}`, table([
    { label: "Version", cell: (v) => v.version, class: "num" },
    { label: "Status", cell: (v) => badge(v.status) },
    { label: "Claimed ¥", cell: (v) => yuan(v.claimed_fen), class: "num" },
    { label: "Approved ¥", cell: (v) => yuan(v.approved_fen), class: "num" },
    { label: "Lines", cell: (v) => v.lines.map((l) => `${l.line}: ${l.status}`).join(", ") },
    { label: "At", cell: (v) => when(v.updated_at) },
  ], versions));
}

// ---- Old-part tags ----

function tagsCard(tags, refresh) {
  if (!tags.length) return null;
  const out = h("div");
  const picks = new Map();
  const carrier = h("input", { id: "carrier-ref", placeholder: "waybill, e.g. SF1234567890", autocomplete: "off" });
  const shipBtn = h("button", {
    id: "ship-tags",
    onclick: () => busy(shipBtn, out, async () => {
      const chosen = [...picks.entries()].filter(([, cb]) => cb.checked).map(([t]) => t);
      if (!chosen.length) throw new Error("Tick the tags in the parcel.");
      if (!carrier.value.trim()) throw new Error("Enter the carrier's waybill number.");
      await post("/old-parts/shipments", { tags: chosen, carrier_ref: carrier.value.trim() }, { key: newKey() });
      refresh();
    }),
  }, "Ship ticked tags");
  const shippable = tags.filter((t) => t.status === "due" || t.status === "overdue");
  return h("div", { class: "card" },
    h("h2", {}, "Old parts 旧件 to return"),
    h("p", { class: "muted small" }, "Print each label, stick it on the replaced part, and ship the parts back before the due date."),
    table([
      { label: "", cell: (t) => (t.status === "due" || t.status === "overdue" ? (() => { const cb = h("input", { type: "checkbox", "aria-label": `ship ${t.tag}` }); picks.set(t.tag, cb); return cb; })() : "") },
      { label: "Tag", cell: (t) => h("b", { class: "mono" }, t.tag) },
      { label: "Claim", cell: (t) => `${t.claim} #${t.line}` },
      { label: "Part", cell: (t) => t.part_no },
      { label: "Status", cell: (t) => badge(t.status) },
      { label: "Due", cell: (t) => t.due_date },
      { label: "Shipment", cell: (t) => t.carrier_ref || "—", class: "hide-narrow" },
      { label: "", cell: (t) => h("button", { class: "print-label", onclick: () => openHtml(`/old-parts/${seg(t.tag)}/label`) }, "Print label") },
    ], tags, { id: "tags-table" }),
    shippable.length ? h("div", { class: "row", style: "margin-top:.75rem" }, field("Carrier waybill", carrier), shipBtn) : null,
    out);
}

async function showOldParts() {
  const paint = loading();
  await guard(paint, async () => {
    const tags = await all("/old-parts", {}, 5000);
    paint(tags.length ? tagsCard(tags, showOldParts) : h("div", { class: "card" }, h("p", { class: "muted" }, "No old-part tags.")));
  });
}

// ---- Units ----

async function showUnits() {
  const paint = loading();
  await guard(paint, async () => {
    const units = await all("/units", {}, 5000);
    paint(h("div", { class: "card" }, h("h2", {}, "Units 整车"), table([
      { label: "Serial / VIN", cell: (u) => h("span", { class: "mono" }, u.serial) },
      { label: "Model", cell: (u) => u.model },
      { label: "Customer", cell: (u) => u.customer, class: "hide-narrow" },
      { label: "Sold", cell: (u) => u.sale_date },
      { label: "Registration card", cell: (u) => (u.registration_received_date ? u.registration_received_date : badge("missing")) },
      { label: "", cell: (u) => h("button", { onclick: () => showForm(null, u.serial) }, "File claim") },
    ], units, { empty: "No units." })));
  });
}

// ---- Settlements ----

async function showSettlements() {
  const paint = loading();
  await guard(paint, async () => {
    const [list, account] = await Promise.all([
      all("/settlements", {}, 2000),
      me.dealer ? get(`/accounts/${seg(`dealer:${me.dealer}`)}`).catch(() => null) : null,
    ]);
    const out = h("div");
    paint(
      account ? h("div", { class: "card" }, h("h2", {}, "Your account"),
        h("p", {}, account.balance_fen >= 0 ? `You owe ¥${yuan(account.balance_fen)}` : `Credit of ¥${yuan(-account.balance_fen)} in your favour`)) : null,
      h("div", { class: "card" }, h("h2", {}, "Settlements 三包费用核销通知"), out, table([
        { label: "Notice", cell: (x) => h("b", {}, x.number) },
        { label: "Period", cell: (x) => `${x.period_from_date} – ${x.period_to_date}` },
        { label: "Status", cell: (x) => badge(x.status) },
        { label: "Lines", cell: (x) => x.lines.length, class: "num" },
        { label: "Total ¥", cell: (x) => yuan(x.total_fen), class: "num" },
        { label: "", cell: (x) => h("div", { class: "actions" },
          x.status !== "draft" ? h("button", { onclick: () => openHtml(`/settlements/${seg(x.number)}/notice`) }, "Notice") : null,
          x.status === "issued" ? confirmButton(x, out) : null) },
      ], list, { empty: "No settlements yet.", id: "settlements-table" })));
  });
}

function confirmButton(x, out) {
  const b = h("button", {
    class: "primary",
    onclick: () => busy(b, out, async () => {
      if (!confirm(`Confirm ${x.number}: ¥${yuan(x.total_fen)} is credited against what you owe?`)) return;
      await post(`/settlements/${seg(x.number)}/confirm`, {}, { key: newKey(), version: x.version });
      showSettlements();
    }),
  }, "Confirm");
  return b;
}

// ---- Filing and amending ----

async function showForm(claim, serial) {
  const paint = loading();
  const units = await all("/units", {}, 5000).catch(() => []);
  const out = h("div", { id: "form-out" });
  const unitInfo = h("div", { id: "unit-info" });
  const v = (x) => (x === null || x === undefined ? "" : String(x));
  const serialIn = h("input", { id: "unit-serial", list: "unit-list", value: v(claim ? claim.unit_serial : serial), required: true, autocomplete: "off", spellcheck: "false", placeholder: "VIN / serial" });
  const unitList = h("datalist", { id: "unit-list" }, units.map((u) => h("option", { value: u.serial }, `${u.model} · ${u.customer}`)));
  const failure = h("input", { id: "failure-date", type: "date", value: claim ? claim.failure_date : today(), required: true });
  const repair = h("input", { id: "repair-date", type: "date", value: claim ? claim.repair_date : today(), required: true });
  const km = h("input", { id: "usage-km", type: "number", min: "0", step: "1", value: v(claim && claim.usage_km) });
  const hours = h("input", { id: "usage-hours", type: "number", min: "0", step: "1", value: v(claim && claim.usage_hours) });
  const fault = h("input", { id: "fault-code", value: claim ? claim.fault_code : "", required: true, autocomplete: "off", placeholder: "e.g. BRK-021" });
  const report = h("input", { id: "service-report", value: v(claim && claim.service_report), autocomplete: "off", placeholder: "SR-000001 (optional)" });
  const desc = h("textarea", { id: "description", required: true, placeholder: "What failed and what was done" });
  desc.value = claim ? claim.description : "";
  const lines = h("div", { id: "lines" });

  const lookup = async () => {
    const sn = serialIn.value.trim();
    if (!sn) return mount(unitInfo);
    try {
      const u = await get(`/units/${seg(sn)}`);
      mount(unitInfo, banner("info", h("b", {}, `${u.model}`), ` · ${u.customer} · sold ${u.sale_date}`,
        u.acceptance_date ? ` · accepted ${u.acceptance_date}` : "",
        u.registration_received_date ? ` · registration card ${u.registration_received_date}` : h("span", {}, " · ", h("b", {}, "no registration card on record"))));
    } catch (e) {
      mount(unitInfo, e instanceof ApiError && e.status === 404 ? banner("err", `Unit ${sn} is not one of your units.`) : errorBanner(e));
    }
  };
  serialIn.addEventListener("change", lookup);

  const addBtn = (kind, label) => h("button", { type: "button", id: `add-${kind}`, onclick: () => lines.append(lineEditor({ kind })) }, label);
  for (const l of claim ? claim.lines : [{ kind: "part", qty: 1, source: "dealer_stock" }, { kind: "labor" }]) lines.append(lineEditor(l));

  const key = newKey();
  const save = async (andSubmit, button) => busy(button, out, async () => {
    mount(out);
    const input = {
      unit_serial: serialIn.value.trim(),
      failure_date: failure.value,
      repair_date: repair.value,
      usage_km: km.value === "" ? null : Number(km.value),
      usage_hours: hours.value === "" ? null : Number(hours.value),
      fault_code: fault.value.trim(),
      description: desc.value.trim(),
      service_report: report.value.trim() || null,
      lines: [...lines.children].map((el) => el.read()),
    };
    if (!input.lines.length) throw new Error("Add at least one line.");
    let saved;
    if (claim) saved = await put(`/claims/${seg(claim.number)}`, input, { version: claim.version });
    else saved = await post("/claims", input, { key });
    claim = saved;
    if (!andSubmit) return showClaim(saved.number, banner("ok", h("b", {}, `Saved ${saved.number} as ${saved.status}.`), ` Claimed ¥${yuan(saved.claimed_fen)}.`));
    const res = await post(`/claims/${seg(saved.number)}/submit`, {}, { key: newKey(), version: saved.version });
    showClaim(saved.number, submitNotice(res));
  });
  const draftBtn = h("button", { type: "button", id: "save-draft" }, claim && claim.status === "returned" ? "Save" : "Save draft");
  const submitBtn = h("button", { type: "submit", class: "primary", id: "save-submit" }, claim && claim.status === "returned" ? "Save and resubmit" : "Save and submit");
  draftBtn.addEventListener("click", () => {
    if (form.reportValidity()) save(false, draftBtn);
  });
  const form = h("form", { class: "card", id: "claim-form", onsubmit: (ev) => { ev.preventDefault(); save(true, submitBtn); } },
    h("h2", {}, claim ? `Amend ${claim.number} ` : "File a warranty claim ", h("span", { class: "zh" }, "三包索赔"), claim ? badge(claim.status) : null),
    claim && claim.status === "returned" && claim.return_comment ? banner("warn", h("b", {}, "Reviewer: "), claim.return_comment) : null,
    h("div", { class: "row" }, field("Unit serial / VIN", serialIn), unitList, h("button", { type: "button", onclick: lookup }, "Look up")),
    unitInfo,
    h("div", { class: "row" }, field("Failure date", failure), field("Repair date", repair), field("Odometer km", km), field("Engine hours", hours)),
    h("div", { class: "row" }, field("Fault code", fault), field("Service report", report)),
    field("Description", desc),
    h("h3", {}, "Lines"),
    h("p", { class: "muted small" }, "Amounts are computed by the server: company-stock parts at their issue cost, dealer-stock parts at dealer price, labor at the policy's rate."),
    lines,
    h("div", { class: "actions" }, addBtn("part", "+ Part"), addBtn("labor", "+ Labor"), addBtn("travel", "+ Travel"), addBtn("other", "+ Other")),
    out,
    h("div", { class: "actions" }, draftBtn, submitBtn,
      h("button", { type: "button", onclick: () => (claim ? showClaim(claim.number) : showClaims()) }, "Cancel")),
  );
  paint(form);
  if (serialIn.value) lookup();
  (serialIn.value ? fault : serialIn).focus();
}

/** One editable claim line; the element's `read()` gives the line as the API takes it. */
function lineEditor(l) {
  const el = h("div", { class: "line-edit", dataset: { kind: l.kind } });
  const remove = h("button", { type: "button", class: "danger", onclick: () => el.remove(), "aria-label": "Remove line" }, "Remove");
  const note = h("input", { class: "line-note", value: l.note || "", autocomplete: "off" });
  const title = { part: "Part 配件", labor: "Labor 工时", travel: "Travel 外出", other: "Other 其他" }[l.kind];
  if (l.kind === "part") {
    const part = partPicker(l.part_no);
    const qty = h("input", { class: "line-qty", type: "number", min: "1", step: "1", value: String(l.qty || 1), required: true });
    const source = h("select", { class: "line-source" },
      h("option", { value: "dealer_stock", selected: l.source !== "company_stock" }, "Dealer's own stock"),
      h("option", { value: "company_stock", selected: l.source === "company_stock" }, "Company stock (requisition)"));
    const req = h("input", { class: "line-requisition", value: l.requisition || "", placeholder: "RQ-000001", autocomplete: "off" });
    const reqField = field("Requisition 领料单", req);
    const sync = () => reqField.classList.toggle("hidden", source.value !== "company_stock");
    source.addEventListener("change", sync);
    sync();
    el.read = () => {
      if (!part.partNo()) throw new Error("Choose the part of every part line.");
      return { kind: "part", part_no: part.partNo(), qty: Number(qty.value), source: source.value, requisition: source.value === "company_stock" ? req.value.trim() || null : null, note: note.value.trim() || null };
    };
    mount(el, h("div", { class: "row" }, h("b", { style: "flex:0 0 auto" }, title), field("Part", part.el), field("Qty", qty), field("From", source), reqField, field("Note", note), remove));
  } else if (l.kind === "labor") {
    const minutes = h("input", { class: "line-minutes", type: "number", min: "1", step: "1", value: l.minutes ? String(l.minutes) : "", required: true });
    el.read = () => ({ kind: "labor", minutes: Number(minutes.value), note: note.value.trim() || null });
    mount(el, h("div", { class: "row" }, h("b", { style: "flex:0 0 auto" }, title), field("Minutes", minutes), field("Note", note), remove));
  } else {
    const amount = h("input", { class: "line-amount", inputmode: "decimal", value: l.claimed_fen ? (l.claimed_fen / 100).toFixed(2) : "", required: true, placeholder: "0.00" });
    el.read = () => {
      const fen = toFen(amount.value);
      if (!fen || Number.isNaN(fen)) throw new Error(`Enter the ${l.kind} amount in yuan, e.g. 150.00`);
      return { kind: l.kind, amount_fen: fen, note: note.value.trim() || null };
    };
    mount(el, h("div", { class: "row" }, h("b", { style: "flex:0 0 auto" }, title), field("Amount ¥", amount), field("Note", note), remove));
  }
  return el;
}

/** A part search box: type a number or name, pick from `GET /parts?q=`. */
function partPicker(initial) {
  const input = h("input", { class: "line-part", value: initial || "", autocomplete: "off", spellcheck: "false", placeholder: "search number or name", required: true });
  const info = h("div", { class: "small muted part-name" });
  const list = h("ul", { class: "hidden", role: "listbox" });
  let chosen = initial || null;
  let timer;
  let seq = 0;
  const choose = (p) => {
    chosen = p.part_no;
    input.value = p.part_no;
    mount(info, `${p.name} · dealer price ¥${yuan(p.dealer_price_fen)}${p.wear_part ? " · wear part (易损件)" : ""}${p.warranty_covered ? "" : " · not warranty-covered"}${p.return_required ? " · old part must come back" : ""}`);
    list.classList.add("hidden");
  };
  const search = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (q.length < 2) return list.classList.add("hidden");
    try {
      const page = await get(`/parts${qs({ q, limit: 12 })}`);
      if (mine !== seq) return;
      mount(list, page.items.map((p) => h("li", { role: "option", onmousedown: (ev) => { ev.preventDefault(); choose(p); } }, h("b", {}, p.part_no), ` ${p.name}`)));
      list.classList.toggle("hidden", !page.items.length);
    } catch {
      list.classList.add("hidden");
    }
  };
  input.addEventListener("input", () => {
    chosen = null;
    mount(info);
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("blur", () => setTimeout(() => list.classList.add("hidden"), 150));
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !list.classList.contains("hidden") && list.firstChild) {
      ev.preventDefault();
      list.firstChild.dispatchEvent(new MouseEvent("mousedown"));
    }
  });
  if (initial) get(`/parts/${seg(initial)}`).then(choose).catch(() => {});
  return {
    el: h("span", { class: "suggest" }, input, list, info),
    // A part number typed in full counts even when not picked from the list.
    partNo: () => chosen || input.value.trim() || null,
  };
}
