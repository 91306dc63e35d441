// Reviewer queue: submitted claims with their automatic-check findings, decided line by
// line (approve, reduce, reject) or sent back; received old parts (旧件) to inspect.

import { all, get, newKey, post, seg } from "./api.js";
import { linesTable } from "./dealer.js";
import { badge, banner, busy, errorBanner, field, h, mount, table, tabs, toFen, when, yuan } from "./ui.js";

let body;

export async function render(main) {
  body = h("div", { id: "review-body" });
  const bar = tabs([
    { id: "claims", label: "Claims to review 三包索赔审核" },
    { id: "old-parts", label: "Old parts to inspect 旧件检验" },
    { id: "decided", label: "Recently decided" },
  ], "claims", (id) => ({ claims: showQueue, "old-parts": showInspections, decided: showDecided })[id]());
  mount(main, h("h1", {}, "Review ", h("span", { class: "zh" }, "技术审核")), bar, body);
}

let viewSeq = 0;

/** Shows "Loading…", then runs `fn(paint)`: `paint` fills the page only while this view is current. */
async function guard(fn) {
  const id = ++viewSeq;
  const paint = (...children) => id === viewSeq && mount(body, ...children);
  mount(body, h("p", { class: "muted" }, "Loading…"));
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
  return [e ? h("span", { class: "badge err" }, `${e} error${e > 1 ? "s" : ""}`) : null, " ", w ? h("span", { class: "badge warn" }, `${w} warning${w > 1 ? "s" : ""}`) : null, !f.length ? h("span", { class: "badge ok" }, "clean") : null];
}

async function showQueue(notice) {
  await guard(async (paint) => {
    const claims = (await all("/claims", { status: "submitted" }, 2000)).sort((a, b) => String(a.last_submitted_at).localeCompare(String(b.last_submitted_at)));
    paint(notice || null, h("div", { class: "card" },
      h("h2", {}, `Submitted claims (${claims.length})`),
      h("p", { class: "muted small" }, "Oldest submission first."),
      table([
        { label: "Claim", cell: (c) => h("b", {}, c.number) },
        { label: "Dealer", cell: (c) => c.dealer },
        { label: "Unit", cell: (c) => h("span", { class: "mono" }, c.unit_serial), class: "hide-narrow" },
        { label: "Fault", cell: (c) => c.fault_code },
        { label: "Submitted", cell: (c) => when(c.last_submitted_at), class: "hide-narrow" },
        { label: "Checks", cell: counts },
        { label: "Claimed ¥", cell: (c) => yuan(c.claimed_fen), class: "num" },
      ], claims, { empty: "Nothing waiting for review.", onRow: (c) => showClaim(c.number), id: "queue-table" })));
  });
}

async function showDecided() {
  await guard(async (paint) => {
    const claims = (await all("/claims", { status: "decided" }, 500)).slice(0, 100);
    paint(h("div", { class: "card" }, h("h2", {}, "Decided claims"), table([
      { label: "Claim", cell: (c) => h("b", {}, c.number) },
      { label: "Dealer", cell: (c) => c.dealer },
      { label: "Decided", cell: (c) => when(c.decided_at) },
      { label: "Claimed ¥", cell: (c) => yuan(c.claimed_fen), class: "num" },
      { label: "Approved ¥", cell: (c) => yuan(c.approved_fen), class: "num" },
    ], claims, { empty: "None yet.", onRow: (c) => showClaim(c.number) })));
  });
}

const OPEN = ["open", "awaiting_old_part"];

async function showClaim(number) {
  await guard(async (paint) => {
    const c = await get(`/claims/${seg(number)}`);
    const [unit, tags] = await Promise.all([get(`/units/${seg(c.unit_serial)}`).catch(() => null), all("/old-parts", { claim: number })]);
    const out = h("div", { id: "review-out" });
    const decisions = new Map();
    const decisionCell = {
      label: "Decision",
      cell: (l) => {
        const autoRejected = l.status === "rejected" && l.rejected_by != null && c.status === "submitted";
        if (!OPEN.includes(l.status) && !autoRejected) return "";
        const outcome = h("select", { class: "outcome", "aria-label": `decision on line ${l.line}` },
          h("option", { value: "" }, autoRejected ? "keep rejected" : "—"),
          h("option", { value: "approve" }, "Approve"),
          h("option", { value: "reduce" }, "Reduce"),
          h("option", { value: "reject" }, "Reject"));
        const amount = h("input", { class: "amount hidden", inputmode: "decimal", placeholder: "approved ¥", "aria-label": "approved amount" });
        const reason = h("input", { class: "reason hidden", placeholder: autoRejected ? "why reopen / decide" : "reason", "aria-label": "reason", autocomplete: "off" });
        const sync = () => {
          amount.classList.toggle("hidden", outcome.value !== "reduce");
          reason.classList.toggle("hidden", !outcome.value || (outcome.value === "approve" && !autoRejected));
        };
        outcome.addEventListener("change", sync);
        decisions.set(l.line, { outcome, amount, reason, reopen: autoRejected, claimed: l.claimed_fen });
        return h("div", { style: "display:flex;flex-direction:column;gap:.3rem;min-width:10rem" },
          autoRejected ? h("span", { class: "small muted" }, "rejected by the checks — choose to reopen") : null, outcome, amount, reason);
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
            if (!fen || Number.isNaN(fen)) throw new Error(`Line ${line}: enter the approved amount (less than ¥${yuan(d.claimed)}).`);
            dec.amount_fen = fen;
          }
          const reason = d.reason.value.trim();
          if (reason) dec.reason = reason;
          if ((d.outcome.value !== "approve" || d.reopen) && !reason) throw new Error(`Line ${line}: give a reason.`);
          if (d.reopen) dec.reopen = true;
          lines.push(dec);
        }
        if (!lines.length) throw new Error("Choose a decision for at least one line.");
        const after = await post(`/claims/${seg(c.number)}/review`, { action: "decide", lines }, { key: newKey(), version: c.version });
        if (after.status === "submitted") showClaim(c.number);
        else showQueue(banner("ok", h("b", {}, `${after.number} decided:`), ` ¥${yuan(after.approved_fen)} approved of ¥${yuan(after.claimed_fen)}.`));
      }),
    }, "Record decisions");
    const comment = h("textarea", { id: "return-comment", placeholder: "What the dealer must add or correct" });
    const returnBtn = h("button", {
      id: "send-back",
      onclick: () => busy(returnBtn, out, async () => {
        if (!comment.value.trim()) throw new Error("Say what the dealer must add or correct.");
        await post(`/claims/${seg(c.number)}/review`, { action: "return", comment: comment.value.trim() }, { key: newKey(), version: c.version });
        showQueue(banner("ok", `${c.number} was sent back to ${c.dealer}.`));
      }),
    }, "Send back to dealer");
    const reviewable = c.status === "submitted";
    paint(
      h("p", {}, h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); showQueue(); } }, "← Queue")),
      h("div", { class: "card" },
        h("div", { class: "row", style: "justify-content:space-between;align-items:center" },
          h("h2", { style: "margin:0" }, `Claim ${c.number} `, badge(c.status)),
          h("span", { class: "muted small" }, `dealer ${c.dealer} · version ${c.version}`)),
        h("div", { class: "grid3", style: "margin-top:.75rem" },
          kv("Unit", [h("span", { class: "mono" }, c.unit_serial), unit ? h("div", { class: "small muted" }, `${unit.model} · sold ${unit.sale_date} · card ${unit.registration_received_date || "missing"}`) : null]),
          kv("Fault", c.fault_code),
          kv("Usage", c.usage_km != null ? `${c.usage_km.toLocaleString("en-US")} km` : c.usage_hours != null ? `${c.usage_hours} h` : "—"),
          kv("Failure / repair", `${c.failure_date} / ${c.repair_date}`),
          kv("Filed", c.filing_date || "—"),
          kv("Claimed", `¥${yuan(c.claimed_fen)}`)),
        h("p", {}, c.description),
        linesTable(c, reviewable ? [decisionCell] : []),
        tags.length ? h("div", {}, h("h3", {}, "Old parts 旧件"), table([
          { label: "Tag", cell: (t) => h("span", { class: "mono" }, t.tag) },
          { label: "Line", cell: (t) => t.line, class: "num" },
          { label: "Part", cell: (t) => t.part_no },
          { label: "Status", cell: (t) => badge(t.status) },
          { label: "Disposition", cell: (t) => (t.disposition ? t.disposition.replace(/_/g, " ") : "—") },
          { label: "Notes", cell: (t) => t.notes || "" },
        ], tags)) : null,
        out,
        reviewable ? h("div", { class: "actions" }, decideBtn) : null,
        reviewable ? h("details", { style: "margin-top:1rem" }, h("summary", {}, "Send the claim back to the dealer"),
          field("Comment", comment), h("div", { class: "actions" }, returnBtn)) : null,
      ));
  });
}

function kv(k, v) {
  return h("div", {}, h("div", { class: "muted small" }, k), h("div", {}, v));
}

async function showInspections(notice) {
  await guard(async (paint) => {
    const [tags, suppliers] = await Promise.all([all("/old-parts", { status: "received" }, 2000), all("/suppliers").catch(() => [])]);
    paint(notice || null, h("div", { class: "card" },
      h("h2", {}, `Received, waiting for inspection (${tags.length})`),
      table([
        { label: "Tag", cell: (t) => h("b", { class: "mono" }, t.tag) },
        { label: "Claim", cell: (t) => `${t.claim} #${t.line}` },
        { label: "Part", cell: (t) => t.part_no },
        { label: "Dealer", cell: (t) => t.dealer },
        { label: "Received", cell: (t) => when(t.received_at), class: "hide-narrow" },
        { label: "Inspection", cell: (t) => inspectForm(t, suppliers) },
      ], tags, { empty: "No old parts waiting for inspection.", id: "inspect-table" })));
  });
}

function inspectForm(t, suppliers) {
  const out = h("div");
  const disposition = h("select", { class: "disposition", "aria-label": "disposition" },
    h("option", { value: "supplier_fault" }, "Supplier fault 供应商责任"),
    h("option", { value: "reusable" }, "Reusable 可再用"),
    h("option", { value: "scrap" }, "Scrap 报废"));
  const supplier = h("select", { class: "supplier", "aria-label": "supplier" }, h("option", { value: "" }, "part's supplier"), suppliers.map((x) => h("option", { value: x.code }, `${x.code} · ${x.name}`)));
  const notes = h("input", { class: "notes", placeholder: "findings, photo refs", autocomplete: "off", "aria-label": "notes" });
  disposition.addEventListener("change", () => supplier.classList.toggle("hidden", disposition.value !== "supplier_fault"));
  const btn = h("button", {
    class: "primary",
    onclick: () => busy(btn, out, async () => {
      const input = { disposition: disposition.value, notes: notes.value.trim() || null };
      if (disposition.value === "supplier_fault" && supplier.value) input.supplier = supplier.value;
      const done = await post(`/old-parts/${seg(t.tag)}/inspection`, input, { key: newKey() });
      showInspections(banner("ok", `${done.tag} inspected: ${done.disposition.replace(/_/g, " ")}.`));
    }),
  }, "Record");
  return h("div", { style: "display:flex;flex-wrap:wrap;gap:.3rem;align-items:center" }, disposition, supplier, notes, btn, out);
}

