// Dealer portal: own units and warranty claims (三包索赔), filing and amending claims, the
// automatic-check findings and the review results, old-part tags (旧件) with their labels
// and return shipments, and settlements (核销通知) to confirm.

import { all, ApiError, get, newKey, post, put, qs, seg } from "./api.js";
import { accountName, code, lang, t } from "./i18n.js";
import { badge, banner, busy, errorBanner, field, h, modal, mount, openHtml, table, tabs, toFen, today, when, yuan } from "./ui.js";
import { attachmentsCard } from "./attachments.js";
import { checkButton, checkNotice } from "./claim_check.js";
import { openCampaigns } from "./open_campaigns.js";

let me;
let body;

export async function render(main, who) {
  me = who;
  body = h("div", { id: "dealer-body" });
  const items = [
    { id: "claims", label: t("dealer.tab.claims") },
    { id: "units", label: t("dealer.tab.units") },
    { id: "old-parts", label: t("dealer.tab.old_parts") },
    { id: "settlements", label: t("dealer.tab.settlements") },
  ];
  const bar = tabs(items, "claims", (id) => VIEWS[id]());
  mount(main, h("h1", {}, me.dealer ? t("dealer.title_of", { dealer: me.dealer }) : t("dealer.title")), bar, body);
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

/** Shows the loading note and answers a `put` that fills the page only while this view is current. */
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

// ---- Claims list ----

async function showClaims(status = "") {
  const paint = loading();
  await guard(paint, async () => {
    const [claims, due] = await Promise.all([
      all("/claims", { status }, 2000),
      Promise.all([all("/old-parts", { status: "due" }), all("/old-parts", { status: "overdue" })]).then(([a, b]) => [...a, ...b]),
    ]);
    const overdue = due.filter((x) => x.status === "overdue").length;
    const filter = h("select", { id: "claim-status", onchange: () => showClaims(filter.value) },
      ["", "draft", "submitted", "returned", "decided", "settled"].map((st) => h("option", { value: st, selected: st === status }, st ? code("ClaimStatus", st) : t("dealer.all_statuses"))));
    const returned = claims.filter((c) => c.status === "returned").length;
    paint(
      h("div", { class: "row", style: "justify-content:space-between;align-items:center;margin-bottom:.75rem" },
        h("div", { class: "row" }, field(t("col.status"), filter)),
        h("button", { class: "primary", id: "new-claim", onclick: () => showForm(null) }, t("dealer.new_claim"))),
      returned && !status ? banner("warn", t("dealer.returned_banner", { n: returned })) : null,
      due.length ? banner(overdue ? "err" : "info", t("dealer.due_banner", { n: due.length }), overdue ? t("dealer.overdue_count", { n: overdue }) : "", t("dealer.see"),
        h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); document.querySelector("[data-tab=old-parts]").click(); } }, t("dealer.tab.old_parts")), t("common.period")) : null,
      h("div", { class: "card" }, table([
        { label: t("col.claim"), cell: (c) => h("b", {}, c.number) },
        { label: t("col.unit"), cell: (c) => h("span", { class: "mono" }, c.unit_serial) },
        { label: t("col.fault"), cell: (c) => c.fault_code, class: "hide-narrow" },
        { label: t("col.status"), cell: (c) => badge("ClaimStatus", c.status) },
        { label: t("col.claimed"), cell: (c) => yuan(c.claimed_fen), class: "num" },
        { label: t("col.approved"), cell: (c) => (c.status === "decided" || c.status === "settled" ? yuan(c.approved_fen) : "—"), class: "num" },
        { label: t("col.updated"), cell: (c) => when(c.updated_at), class: "hide-narrow" },
      ], claims, { empty: t("dealer.no_claims"), onRow: (c) => showClaim(c.number), id: "claims-table" })),
    );
  });
}

// ---- One claim ----

function lineWhat(l) {
  switch (l.kind) {
    case "part":
      return [h("b", {}, l.part_no), ` × ${l.qty} · ${code("PartSource", l.source)}`, l.requisition ? ` · ${l.requisition}` : ""];
    case "labor":
      return t("dealer.labor_minutes", { minutes: l.minutes });
    default:
      return `${code("LineKind", l.kind)}${l.note ? ` · ${l.note}` : ""}`;
  }
}

export function findingsList(findings) {
  if (!findings || !findings.length) return null;
  // The server's message is English; it carries the facts (dates, limits), so English pages
  // show it and Chinese pages keep it as the finding's tooltip.
  return findings.map((f) => h("div", { class: `finding ${f.severity}`, title: f.message, dataset: { code: f.code } },
    f.severity === "error" ? "✗ " : "⚠ ", f.line && f.showLine ? `${t("dealer.line_n", { line: f.line })} · ` : "", h("b", {}, code("FindingCode", f.code)),
    lang() === "en" ? `: ${f.message}` : ""));
}

export function linesTable(claim, extra = []) {
  return table([
    { label: "#", cell: (l) => l.line, class: "num" },
    { label: t("col.line"), cell: (l) => [lineWhat(l), l.note && (l.kind === "part" || l.kind === "labor") ? h("div", { class: "small muted" }, l.note) : null] },
    { label: t("col.claimed"), cell: (l) => yuan(l.claimed_fen), class: "num" },
    { label: t("col.status"), cell: (l) => badge("LineStatus", l.status) },
    { label: t("col.approved"), cell: (l) => yuan(l.approved_fen), class: "num" },
    // A check's rejection carries its finding code as the reason; the finding itself says it in words.
    { label: t("dealer.col.reason_checks"), cell: (l) => [l.reason && l.reason !== l.rejected_by ? h("div", {}, l.reason) : null, findingsList(l.findings)] },
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
    }, t(c.status === "returned" ? "dealer.resubmit" : "dealer.submit"));
    paint(
      h("p", {}, h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); history.replaceState(null, "", location.pathname); showClaims(); } }, t("dealer.all_claims"))),
      notice || null,
      h("div", { class: "card" },
        h("div", { class: "row", style: "justify-content:space-between;align-items:center" },
          h("h2", { style: "margin:0" }, t("claim.heading", { number: c.number }), " ", badge("ClaimStatus", c.status)),
          h("span", { class: "muted small" }, t("dealer.version", { version: c.version }))),
        c.status === "returned" && c.return_comment ? banner("warn", h("b", {}, t("dealer.sent_back_by")), c.return_comment) : null,
        h("div", { class: "grid3", style: "margin-top:.75rem" },
          kv(t("col.unit"), h("span", { class: "mono" }, c.unit_serial)),
          kv(t("field.fault_code"), c.fault_code),
          kv(t("claim.usage"), [c.usage_km != null ? t("claim.km", { km: c.usage_km.toLocaleString("en-US") }) : null, c.usage_hours != null ? t("claim.hours", { hours: c.usage_hours }) : null].filter(Boolean).join(" · ") || "—"),
          kv(t("field.failure_date"), c.failure_date),
          kv(t("field.repair_date"), c.repair_date),
          kv(t("claim.filed"), c.filing_date || t("dealer.not_submitted")),
          kv(t("col.claimed"), yuan(c.claimed_fen)),
          kv(t("col.approved"), c.status === "decided" || c.status === "settled" ? yuan(c.approved_fen) : "—"),
          kv(t("field.service_report"), c.service_report || "—"),
          kv(t("dealer.kind"), code("ClaimKind", c.kind)),
          kv(t("dealer.preauth"), c.preauthorization ? h("span", { class: "mono" }, c.preauthorization) : "—")),
        h("p", {}, c.description),
        linesTable(c),
        out,
        h("div", { class: "actions" },
          editable ? h("button", { id: "amend-claim", onclick: () => showForm(c) }, t("dealer.amend")) : null,
          editable ? checkButton(c.number, out) : null,
          editable ? submitBtn : null,
          h("button", { onclick: () => showVersions(c.number) }, t("dealer.history"))),
      ),
      attachmentsCard(c.number, { canAdd: true }),
      tagsCard(tags, () => showClaim(c.number)),
    );
  });
}

function submitNotice(res) {
  const errors = res.findings.filter((f) => f.severity === "error").length;
  const warnings = res.findings.length - errors;
  if (!res.findings.length) return banner("ok", h("b", {}, t("dealer.submitted")), " ", t("dealer.submitted_clean"));
  return banner(errors ? "err" : "warn", h("b", {}, t("dealer.submitted_with", { errors: t("review.errors", { n: errors }), warnings: t("review.warnings", { n: warnings }) })), " ",
    errors ? t("dealer.errors_rejected") : t("dealer.warnings_left"),
    h("div", { id: "submit-findings" }, findingsList(res.findings.map((f) => ({ ...f, showLine: true })))));
}

function kv(k, v) {
  return h("div", {}, h("div", { class: "muted small" }, k), h("div", {}, v));
}

async function showVersions(number) {
  const versions = await get(`/claims/${seg(number)}/versions`);
  modal(t("dealer.history_of", { number }), table([
    { label: t("col.version"), cell: (v) => v.version, class: "num" },
    { label: t("col.status"), cell: (v) => badge("ClaimStatus", v.status) },
    { label: t("col.claimed"), cell: (v) => yuan(v.claimed_fen), class: "num" },
    { label: t("col.approved"), cell: (v) => yuan(v.approved_fen), class: "num" },
    { label: t("col.lines"), cell: (v) => v.lines.map((l) => `${l.line}: ${code("LineStatus", l.status)}`).join(t("common.list_sep")) },
    { label: t("col.at"), cell: (v) => when(v.updated_at) },
  ], versions));
}

// ---- Old-part tags ----

function tagsCard(tags, refresh) {
  if (!tags.length) return null;
  const out = h("div");
  const picks = new Map();
  const carrier = h("input", { id: "carrier-ref", placeholder: t("dealer.waybill_placeholder"), autocomplete: "off" });
  const shipBtn = h("button", {
    id: "ship-tags",
    onclick: () => busy(shipBtn, out, async () => {
      const chosen = [...picks.entries()].filter(([, cb]) => cb.checked).map(([t]) => t);
      if (!chosen.length) throw new Error(t("dealer.tick_tags"));
      if (!carrier.value.trim()) throw new Error(t("dealer.enter_waybill"));
      await post("/old-parts/shipments", { tags: chosen, carrier_ref: carrier.value.trim() }, { key: newKey() });
      refresh();
    }),
  }, t("dealer.ship_ticked"));
  const shippable = tags.filter((x) => x.status === "due" || x.status === "overdue");
  return h("div", { class: "card" },
    h("h2", {}, t("dealer.old_parts_to_return")),
    h("p", { class: "muted small" }, t("dealer.old_parts_hint")),
    table([
      { label: "", cell: (x) => (x.status === "due" || x.status === "overdue" ? (() => { const cb = h("input", { type: "checkbox", "aria-label": t("dealer.ship_tag", { tag: x.tag }) }); picks.set(x.tag, cb); return cb; })() : "") },
      { label: t("col.tag"), cell: (x) => h("b", { class: "mono" }, x.tag) },
      { label: t("col.claim"), cell: (x) => t("claim.claim_line", { claim: x.claim, line: x.line }) },
      { label: t("col.part"), cell: (x) => x.part_no },
      { label: t("col.status"), cell: (x) => badge("TagStatus", x.status) },
      { label: t("dealer.col.due"), cell: (x) => x.due_date },
      { label: t("dealer.col.shipment"), cell: (x) => x.carrier_ref || "—", class: "hide-narrow" },
      { label: "", cell: (x) => h("button", { class: "print-label", onclick: () => openHtml(`/old-parts/${seg(x.tag)}/label`) }, t("dealer.print_label")) },
    ], tags, { id: "tags-table" }),
    shippable.length ? h("div", { class: "row", style: "margin-top:.75rem" }, field(t("dealer.carrier_waybill"), carrier), shipBtn) : null,
    out);
}

async function showOldParts() {
  const paint = loading();
  await guard(paint, async () => {
    const tags = await all("/old-parts", {}, 5000);
    paint(tags.length ? tagsCard(tags, showOldParts) : h("div", { class: "card" }, h("p", { class: "muted" }, t("dealer.no_tags"))));
  });
}

// ---- Units ----

async function showUnits() {
  const paint = loading();
  await guard(paint, async () => {
    const units = await all("/units", {}, 5000);
    paint(h("div", { class: "card" }, h("h2", {}, t("dealer.tab.units")), table([
      { label: t("field.unit_serial"), cell: (u) => h("span", { class: "mono" }, u.serial) },
      { label: t("dealer.col.model"), cell: (u) => u.model },
      { label: t("dealer.col.customer"), cell: (u) => u.customer, class: "hide-narrow" },
      { label: t("dealer.col.sold"), cell: (u) => u.sale_date },
      { label: t("dealer.col.registration"), cell: (u) => (u.registration_received_date ? u.registration_received_date : badge("Registration", "missing")) },
      { label: "", cell: (u) => h("button", { onclick: () => showForm(null, u.serial) }, t("dealer.file_claim")) },
    ], units, { empty: t("dealer.no_units") })));
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
      account ? h("div", { class: "card" }, h("h2", {}, t("dealer.your_account")),
        h("p", { class: "muted small" }, h("span", { class: "mono" }, account.code), " ", accountName(account.code)),
        h("p", {}, account.balance_fen >= 0 ? t("dealer.you_owe", { amount: yuan(account.balance_fen) }) : t("dealer.in_your_favour", { amount: yuan(-account.balance_fen) }))) : null,
      h("div", { class: "card" }, h("h2", {}, t("dealer.settlements")), out, table([
        { label: t("dealer.col.notice"), cell: (x) => h("b", {}, x.number) },
        { label: t("col.period"), cell: (x) => `${x.period_from_date} – ${x.period_to_date}` },
        { label: t("col.status"), cell: (x) => badge("SettlementStatus", x.status) },
        { label: t("col.lines"), cell: (x) => x.lines.length, class: "num" },
        { label: t("col.total"), cell: (x) => yuan(x.total_fen), class: "num" },
        { label: "", cell: (x) => h("div", { class: "actions" },
          x.status !== "draft" ? h("button", { onclick: () => openHtml(`/settlements/${seg(x.number)}/notice`) }, t("dealer.notice")) : null,
          x.status === "issued" ? confirmButton(x, out) : null) },
      ], list, { empty: t("dealer.no_settlements"), id: "settlements-table" })));
  });
}

function confirmButton(x, out) {
  const b = h("button", {
    class: "primary",
    onclick: () => busy(b, out, async () => {
      if (!confirm(t("dealer.confirm_question", { number: x.number, amount: yuan(x.total_fen) }))) return;
      await post(`/settlements/${seg(x.number)}/confirm`, {}, { key: newKey(), version: x.version });
      showSettlements();
    }),
  }, t("dealer.confirm"));
  return b;
}

// ---- Filing and amending ----

async function showForm(claim, serial) {
  const paint = loading();
  const units = await all("/units", {}, 5000).catch(() => []);
  const out = h("div", { id: "form-out" });
  const unitInfo = h("div", { id: "unit-info" });
  const v = (x) => (x === null || x === undefined ? "" : String(x));
  const serialIn = h("input", { id: "unit-serial", list: "unit-list", value: v(claim ? claim.unit_serial : serial), required: true, autocomplete: "off", spellcheck: "false", placeholder: t("field.unit_serial") });
  const unitList = h("datalist", { id: "unit-list" }, units.map((u) => h("option", { value: u.serial }, `${u.model} · ${u.customer}`)));
  const failure = h("input", { id: "failure-date", type: "date", value: claim ? claim.failure_date : today(), required: true });
  const repair = h("input", { id: "repair-date", type: "date", value: claim ? claim.repair_date : today(), required: true });
  const km = h("input", { id: "usage-km", type: "number", min: "0", step: "1", value: v(claim && claim.usage_km) });
  const hours = h("input", { id: "usage-hours", type: "number", min: "0", step: "1", value: v(claim && claim.usage_hours) });
  const fault = h("input", { id: "fault-code", value: claim ? claim.fault_code : "", required: true, autocomplete: "off", placeholder: t("dealer.fault_placeholder") });
  const report = h("input", { id: "service-report", value: v(claim && claim.service_report), autocomplete: "off", placeholder: t("dealer.report_placeholder") });
  // Kind and pre-authorization: a campaign claim keeps its campaign (filed from the campaign).
  const campaignClaim = claim && claim.kind === "campaign";
  const kind = h("select", { id: "claim-kind" }, ["warranty", "goodwill"].map((k) => h("option", { value: k }, code("ClaimKind", k))));
  if (claim && !campaignClaim) kind.value = claim.kind;
  const preauth = h("select", { id: "claim-preauth" }, h("option", { value: "" }, t("dealer.no_preauth")));
  const preauthHint = h("div", { class: "small muted", id: "preauth-hint" });
  const desc = h("textarea", { id: "description", required: true, placeholder: t("dealer.description_placeholder") });
  desc.value = claim ? claim.description : "";
  const lines = h("div", { id: "lines" });

  const lookup = async () => {
    const sn = serialIn.value.trim();
    if (!sn) return mount(unitInfo);
    try {
      const u = await get(`/units/${seg(sn)}`);
      mount(unitInfo, banner("info", h("b", {}, `${u.model}`), ` · ${u.customer} · ${t("dealer.sold_on", { date: u.sale_date })}`,
        u.acceptance_date ? ` · ${t("dealer.accepted_on", { date: u.acceptance_date })}` : "",
        u.registration_received_date ? ` · ${t("dealer.card_on", { date: u.registration_received_date })}` : h("span", {}, " · ", h("b", {}, t("dealer.no_card")))),
      claim && claim.kind === "campaign" ? null : openCampaigns(u.open_campaigns, (c) => campaignButton(c, u.serial)));
    } catch (e) {
      mount(unitInfo, e instanceof ApiError && e.status === 404 ? banner("err", t("dealer.not_your_unit", { serial: sn })) : errorBanner(e));
    }
  };
  serialIn.addEventListener("change", lookup);

  // The dealer's pre-authorizations usable for the unit on the repair date: approved or
  // reduced, not held by another claim, not expired; a goodwill claim takes goodwill ones.
  const pickPreauth = async () => {
    const sn = serialIn.value.trim();
    const keep = preauth.value || (claim && claim.preauthorization) || "";
    const items = sn ? await all("/preauthorizations", { unit_serial: sn }, 500).catch(() => []) : [];
    const usable = items.filter((p) => (p.status === "approved" || p.status === "reduced")
      && (!p.used_by_claim || (claim && p.used_by_claim === claim.number))
      && (!p.expires_on || !repair.value || p.expires_on >= repair.value)
      && (kind.value !== "goodwill" || p.goodwill));
    mount(preauth, h("option", { value: "" }, t("dealer.no_preauth")),
      usable.map((p) => h("option", { value: p.number }, t("dealer.preauth_option", { number: p.number, amount: yuan(p.approved_fen), date: p.expires_on || "—" }) + (p.goodwill ? ` · ${t("preauth.goodwill")}` : ""))));
    if (keep && !usable.some((p) => p.number === keep)) preauth.append(h("option", { value: keep }, keep));
    preauth.value = keep;
    mount(preauthHint, kind.value === "goodwill" ? t("dealer.goodwill_hint") : usable.length ? "" : t("dealer.no_usable_preauth"));
  };
  for (const el of [serialIn, repair, kind]) el.addEventListener("change", pickPreauth);

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
      kind: campaignClaim ? "campaign" : kind.value,
      campaign: campaignClaim ? claim.campaign : null,
      preauthorization: preauth.value || null,
      service_request: claim ? claim.service_request || null : null,
    };
    if (!input.lines.length) throw new Error(t("dealer.add_a_line"));
    let saved;
    if (claim) saved = await put(`/claims/${seg(claim.number)}`, input, { version: claim.version });
    else saved = await post("/claims", input, { key });
    claim = saved;
    if (andSubmit === "check") return showClaim(saved.number, checkNotice(await post(`/claims/${seg(saved.number)}/check`, {})));
    if (!andSubmit) return showClaim(saved.number, banner("ok", h("b", {}, t("dealer.saved_as", { number: saved.number, status: code("ClaimStatus", saved.status) })), " ", t("dealer.claimed_amount", { amount: yuan(saved.claimed_fen) })));
    const res = await post(`/claims/${seg(saved.number)}/submit`, {}, { key: newKey(), version: saved.version });
    showClaim(saved.number, submitNotice(res));
  });
  const draftBtn = h("button", { type: "button", id: "save-draft" }, t(claim && claim.status === "returned" ? "dealer.save" : "dealer.save_draft"));
  const submitBtn = h("button", { type: "submit", class: "primary", id: "save-submit" }, t(claim && claim.status === "returned" ? "dealer.save_resubmit" : "dealer.save_submit"));
  draftBtn.addEventListener("click", () => {
    if (form.reportValidity()) save(false, draftBtn);
  });
  const checkBtn = h("button", { type: "button", id: "save-check" }, t("check.save_and_check"));
  checkBtn.addEventListener("click", () => {
    if (form.reportValidity()) save("check", checkBtn);
  });
  const form = h("form", { class: "card", id: "claim-form", onsubmit: (ev) => { ev.preventDefault(); save(true, submitBtn); } },
    h("h2", {}, claim ? t("dealer.amend_heading", { number: claim.number }) : t("dealer.file_heading"), " ", claim ? badge("ClaimStatus", claim.status) : null),
    claim && claim.status === "returned" && claim.return_comment ? banner("warn", h("b", {}, t("dealer.reviewer_says")), claim.return_comment) : null,
    h("div", { class: "row" }, field(t("field.unit_serial"), serialIn), unitList, h("button", { type: "button", onclick: lookup }, t("dealer.look_up"))),
    unitInfo,
    h("div", { class: "row" }, field(t("field.failure_date"), failure), field(t("field.repair_date"), repair), field(t("dealer.odometer"), km), field(t("field.usage_hours"), hours)),
    h("div", { class: "row" }, field(t("field.fault_code"), fault), field(t("field.service_report"), report)),
    h("div", { class: "row" }, campaignClaim ? null : field(t("dealer.kind"), kind), field(t("dealer.preauth"), preauth)),
    preauthHint,
    field(t("field.description"), desc),
    h("h3", {}, t("field.lines")),
    h("p", { class: "muted small" }, t("dealer.amounts_hint")),
    lines,
    h("div", { class: "actions" }, ["part", "labor", "travel", "other"].map((k) => addBtn(k, `+ ${code("LineKind", k)}`))),
    out,
    h("div", { class: "actions" }, draftBtn, checkBtn, submitBtn,
      h("button", { type: "button", onclick: () => (claim ? showClaim(claim.number) : showClaims()) }, t("dealer.cancel"))),
  );
  paint(form);
  if (serialIn.value) lookup();
  pickPreauth();
  (serialIn.value ? fault : serialIn).focus();
}

/** Files a campaign claim for the unit instead, from the campaign's template (its kit and
 * standard labor), and opens the draft. */
function campaignButton(c, serial) {
  const out = h("span", { class: "campaign-claim-out" });
  const button = h("button", { type: "button", class: "primary small file-campaign-claim", dataset: { campaign: c.code } }, t("open_campaigns.file_claim"));
  button.addEventListener("click", () => busy(button, out, async () => {
    const template = await get(`/campaigns/${seg(c.code)}/claim-template${qs({ unit: serial })}`);
    const saved = await post("/claims", template, { key: newKey() });
    showClaim(saved.number, banner("ok", t("open_campaigns.filed", { number: saved.number, code: c.code })));
  }));
  return h("span", {}, button, out);
}

/** One editable claim line; the element's `read()` gives the line as the API takes it. */
function lineEditor(l) {
  const el = h("div", { class: "line-edit", dataset: { kind: l.kind } });
  const remove = h("button", { type: "button", class: "danger", onclick: () => el.remove(), "aria-label": t("dealer.remove_line") }, t("dealer.remove"));
  const note = h("input", { class: "line-note", value: l.note || "", autocomplete: "off" });
  const title = code("LineKind", l.kind);
  if (l.kind === "part") {
    const part = partPicker(l.part_no);
    const qty = h("input", { class: "line-qty", type: "number", min: "1", step: "1", value: String(l.qty || 1), required: true });
    const source = h("select", { class: "line-source" },
      h("option", { value: "dealer_stock", selected: l.source !== "company_stock" }, code("PartSource", "dealer_stock")),
      h("option", { value: "company_stock", selected: l.source === "company_stock" }, code("PartSource", "company_stock")));
    const req = h("input", { class: "line-requisition", value: l.requisition || "", placeholder: "RQ-000001", autocomplete: "off" });
    const reqField = field(t("field.requisition"), req);
    const sync = () => reqField.classList.toggle("hidden", source.value !== "company_stock");
    source.addEventListener("change", sync);
    sync();
    el.read = () => {
      if (!part.partNo()) throw new Error(t("dealer.choose_part"));
      return { kind: "part", part_no: part.partNo(), qty: Number(qty.value), source: source.value, requisition: source.value === "company_stock" ? req.value.trim() || null : null, note: note.value.trim() || null };
    };
    mount(el, h("div", { class: "row" }, h("b", { style: "flex:0 0 auto" }, title), field(t("col.part"), part.el), field(t("col.qty"), qty), field(t("dealer.from"), source), reqField, field(t("field.note"), note), remove));
  } else if (l.kind === "labor") {
    const minutes = h("input", { class: "line-minutes", type: "number", min: "1", step: "1", value: l.minutes ? String(l.minutes) : "", required: true });
    el.read = () => ({ kind: "labor", minutes: Number(minutes.value), note: note.value.trim() || null });
    mount(el, h("div", { class: "row" }, h("b", { style: "flex:0 0 auto" }, title), field(t("field.minutes"), minutes), field(t("field.note"), note), remove));
  } else {
    const amount = h("input", { class: "line-amount", inputmode: "decimal", value: l.claimed_fen ? (l.claimed_fen / 100).toFixed(2) : "", required: true, placeholder: "0.00" });
    el.read = () => {
      const fen = toFen(amount.value);
      if (!fen || Number.isNaN(fen)) throw new Error(t("dealer.enter_amount", { kind: code("LineKind", l.kind) }));
      return { kind: l.kind, amount_fen: fen, note: note.value.trim() || null };
    };
    mount(el, h("div", { class: "row" }, h("b", { style: "flex:0 0 auto" }, title), field(t("dealer.amount_yuan"), amount), field(t("field.note"), note), remove));
  }
  return el;
}

/** A part search box: type a number or name, pick from `GET /parts?q=`. */
function partPicker(initial) {
  const input = h("input", { class: "line-part", value: initial || "", autocomplete: "off", spellcheck: "false", placeholder: t("dealer.part_search"), required: true });
  const info = h("div", { class: "small muted part-name" });
  const list = h("ul", { class: "hidden", role: "listbox" });
  let chosen = initial || null;
  let timer;
  let seq = 0;
  const choose = (p) => {
    chosen = p.part_no;
    input.value = p.part_no;
    mount(info, [p.name, t("dealer.dealer_price", { amount: yuan(p.dealer_price_fen) }), p.wear_part ? t("FindingCode.wear_part") : null,
      p.warranty_covered ? null : t("dealer.not_covered"), p.return_required ? t("dealer.return_required") : null].filter(Boolean).join(" · "));
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
