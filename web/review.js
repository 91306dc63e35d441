// Reviewer queue: submitted claims with their automatic-check findings, decided line by
// line (approve, reduce, reject) or sent back; received old parts (旧件) to inspect.

import { all, get, newKey, post, seg } from "./api.js";
import { linesTable } from "./dealer.js";
import { code, t } from "./i18n.js";
import { badge, banner, busy, errorBanner, field, h, mount, table, tabs, toFen, when, yuan } from "./ui.js";
import { attachmentsCard } from "./attachments.js";
import { riskByDealer, riskCell, showRiskReport } from "./risk.js";

let body;

export async function render(main) {
  body = h("div", { id: "review-body" });
  const bar = tabs([
    { id: "claims", label: t("review.tab.claims") },
    { id: "old-parts", label: t("review.tab.old_parts") },
    { id: "decided", label: t("review.tab.decided") },
    { id: "dealer-risk", label: t("risk.tab") },
  ], "claims", (id) => ({ claims: showQueue, "old-parts": showInspections, decided: showDecided, "dealer-risk": () => guard(showRiskReport) })[id]());
  mount(main, h("h1", {}, t("review.title")), bar, body);
}

let viewSeq = 0;

/** Shows the loading note, then runs `fn(paint)`: `paint` fills the page only while this view is current. */
async function guard(fn) {
  const id = ++viewSeq;
  const paint = (...children) => id === viewSeq && mount(body, ...children);
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  try {
    await fn(paint);
  } catch (e) {
    paint(errorBanner(e));
  }
}

function counts(c) {
  const f = c.lines.flatMap((l) => l.findings);
  const e = f.filter((x) => x.severity === "error").length;
  const w = f.length - e;
  return [e ? h("span", { class: "badge err" }, t("review.errors", { n: e })) : null, " ", w ? h("span", { class: "badge warn" }, t("review.warnings", { n: w })) : null, !f.length ? h("span", { class: "badge ok" }, t("review.clean")) : null];
}

/** The queue's order: oldest submitted first, or by the dealer's risk score (highest first). */
let queueSort = "oldest";

async function showQueue(notice) {
  await guard(async (paint) => {
    const [list, risk] = await Promise.all([all("/claims", { status: "submitted" }, 2000), riskByDealer()]);
    const oldest = (a, b) => String(a.last_submitted_at).localeCompare(String(b.last_submitted_at));
    const score = (c) => risk.get(c.dealer)?.score ?? -1;
    const claims = list.sort(queueSort === "risk" ? (a, b) => score(b) - score(a) || oldest(a, b) : oldest);
    const sort = h("select", { id: "queue-sort", "aria-label": t("risk.sort") },
      h("option", { value: "oldest" }, t("risk.sort_oldest")),
      h("option", { value: "risk" }, t("risk.sort_by_score")));
    sort.value = queueSort;
    sort.addEventListener("change", () => {
      queueSort = sort.value;
      showQueue();
    });
    paint(notice || null, h("div", { class: "card" },
      h("h2", {}, t("review.submitted_claims", { n: claims.length })),
      h("div", { class: "row small", style: "align-items:center;gap:.5rem" }, h("span", { class: "muted" }, t("risk.sort")), sort),
      table([
        { label: t("col.claim"), cell: (c) => h("b", {}, c.number) },
        { label: t("col.dealer"), cell: (c) => c.dealer },
        { label: t("risk.col.dealer_risk"), cell: (c) => riskCell(risk.get(c.dealer)) },
        { label: t("col.unit"), cell: (c) => h("span", { class: "mono" }, c.unit_serial), class: "hide-narrow" },
        { label: t("col.fault"), cell: (c) => c.fault_code },
        { label: t("col.submitted"), cell: (c) => when(c.last_submitted_at), class: "hide-narrow" },
        { label: t("review.col.checks"), cell: counts },
        { label: t("col.claimed"), cell: (c) => yuan(c.claimed_fen), class: "num" },
      ], claims, { empty: t("review.empty"), onRow: (c) => showClaim(c.number), id: "queue-table" })));
  });
}

async function showDecided() {
  await guard(async (paint) => {
    const claims = (await all("/claims", { status: "decided" }, 500)).slice(0, 100);
    paint(h("div", { class: "card" }, h("h2", {}, t("review.decided_claims")), table([
      { label: t("col.claim"), cell: (c) => h("b", {}, c.number) },
      { label: t("col.dealer"), cell: (c) => c.dealer },
      { label: t("review.col.decided"), cell: (c) => when(c.decided_at) },
      { label: t("col.claimed"), cell: (c) => yuan(c.claimed_fen), class: "num" },
      { label: t("col.approved"), cell: (c) => yuan(c.approved_fen), class: "num" },
    ], claims, { empty: t("review.none_yet"), onRow: (c) => showClaim(c.number) })));
  });
}

const OPEN = ["open", "awaiting_old_part"];

async function showClaim(number) {
  await guard(async (paint) => {
    const c = await get(`/claims/${seg(number)}`);
    const [unit, tags, pa] = await Promise.all([get(`/units/${seg(c.unit_serial)}`).catch(() => null), all("/old-parts", { claim: number }),
      c.preauthorization ? get(`/preauthorizations/${seg(c.preauthorization)}`).catch(() => null) : null]);
    const out = h("div", { id: "review-out" });
    const decisions = new Map();
    const decisionCell = {
      label: t("col.decision"),
      cell: (l) => {
        const autoRejected = l.status === "rejected" && l.rejected_by != null && (c.status === "submitted" || c.status === "decided");
        if (!OPEN.includes(l.status) && !autoRejected) return "";
        const outcome = h("select", { class: "outcome", "aria-label": t("review.decision_on_line", { line: l.line }) },
          h("option", { value: "" }, autoRejected ? t("review.keep_rejected") : "—"),
          h("option", { value: "approve" }, code("Outcome", "approve")),
          h("option", { value: "reduce" }, code("Outcome", "reduce")),
          h("option", { value: "reject" }, code("Outcome", "reject")));
        const amount = h("input", { class: "amount hidden", inputmode: "decimal", placeholder: t("review.approved_amount"), "aria-label": t("review.approved_amount") });
        const reason = h("input", { class: "reason hidden", placeholder: autoRejected ? t("review.why_reopen") : t("review.reason"), "aria-label": t("review.reason"), autocomplete: "off" });
        const sync = () => {
          amount.classList.toggle("hidden", outcome.value !== "reduce");
          reason.classList.toggle("hidden", !outcome.value || (outcome.value === "approve" && !autoRejected));
        };
        outcome.addEventListener("change", sync);
        decisions.set(l.line, { outcome, amount, reason, reopen: autoRejected, claimed: l.claimed_fen });
        return h("div", { style: "display:flex;flex-direction:column;gap:.3rem;min-width:10rem" },
          autoRejected ? h("span", { class: "small muted" }, t("review.auto_rejected")) : null, outcome, amount, reason);
      },
    };
    const decideBtn = h("button", {
      class: "primary", id: "decide",
      onclick: () => busy(decideBtn, out, async () => {
        const lines = [];
        for (const [line, d] of decisions) {
          if (!d.outcome.value) continue;
          const dec = { line, outcome: d.outcome.value };
          if (d.outcome.value === "reduce") {
            const fen = toFen(d.amount.value);
            if (!fen || Number.isNaN(fen)) throw new Error(t("review.enter_amount", { line, claimed: yuan(d.claimed) }));
            dec.amount_fen = fen;
          }
          const reason = d.reason.value.trim();
          if (reason) dec.reason = reason;
          if ((d.outcome.value !== "approve" || d.reopen) && !reason) throw new Error(t("review.give_reason", { line }));
          if (d.reopen) dec.reopen = true;
          lines.push(dec);
        }
        if (!lines.length) throw new Error(t("review.choose_one"));
        const after = await post(`/claims/${seg(c.number)}/review`, { action: "decide", lines }, { key: newKey(), version: c.version });
        if (after.status === "submitted") showClaim(c.number);
        else showQueue(banner("ok", h("b", {}, t("review.decided_notice", { number: after.number })), " ", t("review.decided_amounts", { approved: yuan(after.approved_fen), claimed: yuan(after.claimed_fen) })));
      }),
    }, t("review.record_decisions"));
    const comment = h("textarea", { id: "return-comment", placeholder: t("review.return_placeholder") });
    const returnBtn = h("button", {
      id: "send-back",
      onclick: () => busy(returnBtn, out, async () => {
        if (!comment.value.trim()) throw new Error(t("review.return_say"));
        await post(`/claims/${seg(c.number)}/review`, { action: "return", comment: comment.value.trim() }, { key: newKey(), version: c.version });
        showQueue(banner("ok", t("review.sent_back", { number: c.number, dealer: c.dealer })));
      }),
    }, t("review.send_back"));
    const reviewable = c.status === "submitted";
    // A claim whose every line a check rejected is decided at once; its lines can still be reopened.
    const reopenable = c.status === "decided" && c.lines.some((l) => l.status === "rejected" && l.rejected_by != null);
    paint(
      h("p", {}, h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); showQueue(); } }, t("review.back_to_queue"))),
      h("div", { class: "card" },
        h("div", { class: "row", style: "justify-content:space-between;align-items:center" },
          h("h2", { style: "margin:0" }, t("claim.heading", { number: c.number }), " ", badge("ClaimStatus", c.status)),
          h("span", { class: "muted small" }, t("review.dealer_version", { dealer: c.dealer, version: c.version }))),
        h("div", { class: "grid3", style: "margin-top:.75rem" },
          kv(t("col.unit"), [h("span", { class: "mono" }, c.unit_serial), unit ? h("div", { class: "small muted" }, t("review.unit_facts", { model: unit.model, sold: unit.sale_date, card: unit.registration_received_date || code("Registration", "missing") })) : null]),
          kv(t("col.fault"), c.fault_code),
          kv(t("claim.usage"), c.usage_km != null ? t("claim.km", { km: c.usage_km.toLocaleString("en-US") }) : c.usage_hours != null ? t("claim.hours", { hours: c.usage_hours }) : "—"),
          kv(t("review.failure_repair"), `${c.failure_date} / ${c.repair_date}`),
          kv(t("claim.filed"), c.filing_date || "—"),
          kv(t("col.claimed"), yuan(c.claimed_fen)),
          kv(t("dealer.kind"), code("ClaimKind", c.kind)),
          kv(t("dealer.preauth"), preauthFacts(c, pa))),
        h("p", {}, c.description),
        linesTable(c, reviewable || reopenable ? [decisionCell] : []),
        attachmentsCard(c.number),
        tags.length ? h("div", {}, h("h3", {}, t("review.old_parts")), table([
          { label: t("col.tag"), cell: (x) => h("span", { class: "mono" }, x.tag) },
          { label: t("col.line"), cell: (x) => x.line, class: "num" },
          { label: t("col.part"), cell: (x) => x.part_no },
          { label: t("col.status"), cell: (x) => badge("TagStatus", x.status) },
          { label: t("review.col.disposition"), cell: (x) => code("Disposition", x.disposition) },
          { label: t("review.col.notes"), cell: (x) => x.notes || "" },
        ], tags)) : null,
        out,
        reviewable || reopenable ? h("div", { class: "actions" }, decideBtn) : null,
        reviewable ? h("details", { style: "margin-top:1rem" }, h("summary", {}, t("review.send_back_summary")),
          field(t("review.comment"), comment), h("div", { class: "actions" }, returnBtn)) : null,
      ));
  });
}

/** The cited pre-authorization beside the lines: authorized amount and last good day. */
function preauthFacts(c, pa) {
  if (!c.preauthorization) return "—";
  if (!pa) return h("span", { class: "mono" }, c.preauthorization);
  return h("div", { id: "review-preauth" },
    h("span", { class: "mono" }, pa.number), " ", badge("PreauthStatus", pa.status),
    pa.goodwill ? h("span", { class: "badge warn" }, t("preauth.goodwill")) : null,
    h("div", { class: "small" }, t("review.preauth_facts", { amount: pa.approved_fen != null ? yuan(pa.approved_fen) : "—", date: pa.expires_on || "—" })),
    pa.approved_fen != null && c.claimed_fen > pa.approved_fen ? h("div", { class: "small muted" }, t("review.preauth_caps", { amount: yuan(pa.approved_fen) })) : null);
}

function kv(k, v) {
  return h("div", {}, h("div", { class: "muted small" }, k), h("div", {}, v));
}

async function showInspections(notice) {
  await guard(async (paint) => {
    const [tags, suppliers] = await Promise.all([all("/old-parts", { status: "received" }, 2000), all("/suppliers").catch(() => [])]);
    paint(notice || null, h("div", { class: "card" },
      h("h2", {}, t("review.waiting_inspection", { n: tags.length })),
      table([
        { label: t("col.tag"), cell: (x) => h("b", { class: "mono" }, x.tag) },
        { label: t("col.claim"), cell: (x) => t("claim.claim_line", { claim: x.claim, line: x.line }) },
        { label: t("col.part"), cell: (x) => x.part_no },
        { label: t("col.dealer"), cell: (x) => x.dealer },
        { label: t("col.received"), cell: (x) => when(x.received_at), class: "hide-narrow" },
        { label: t("review.col.inspection"), cell: (x) => inspectForm(x, suppliers) },
      ], tags, { empty: t("review.no_inspections"), id: "inspect-table" })));
  });
}

function inspectForm(tag, suppliers) {
  const out = h("div");
  const disposition = h("select", { class: "disposition", "aria-label": t("review.col.disposition") },
    h("option", { value: "supplier_fault" }, code("Disposition", "supplier_fault")),
    h("option", { value: "reusable" }, code("Disposition", "reusable")),
    h("option", { value: "scrap" }, code("Disposition", "scrap")));
  const supplier = h("select", { class: "supplier", "aria-label": t("col.supplier") }, h("option", { value: "" }, t("review.parts_supplier")), suppliers.map((x) => h("option", { value: x.code }, `${x.code} · ${x.name}`)));
  const notes = h("input", { class: "notes", placeholder: t("review.notes_placeholder"), autocomplete: "off", "aria-label": t("review.col.notes") });
  disposition.addEventListener("change", () => supplier.classList.toggle("hidden", disposition.value !== "supplier_fault"));
  const btn = h("button", {
    class: "primary",
    onclick: () => busy(btn, out, async () => {
      const input = { disposition: disposition.value, notes: notes.value.trim() || null };
      if (disposition.value === "supplier_fault" && supplier.value) input.supplier = supplier.value;
      const done = await post(`/old-parts/${seg(tag.tag)}/inspection`, input, { key: newKey() });
      showInspections(banner("ok", t("review.inspected", { tag: done.tag, disposition: code("Disposition", done.disposition) })));
    }),
  }, t("review.record"));
  return h("div", { style: "display:flex;flex-wrap:wrap;gap:.3rem;align-items:center" }, disposition, supplier, notes, btn, out);
}

