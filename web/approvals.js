// Supervisor: requisitions (领料单) waiting for approval, approved or rejected with a comment.

import { all, newKey, post, seg } from "./api.js";
import { badge, banner, busy, errorBanner, h, mount, table, when } from "./ui.js";

let body;

export async function render(main) {
  body = h("div", { id: "approvals-body" });
  mount(main, h("h1", {}, "Approvals ", h("span", { class: "zh" }, "领料审批")), body);
  await show();
}

async function show(notice) {
  mount(body, h("p", { class: "muted" }, "Loading…"));
  try {
    const list = (await all("/requisitions", { status: "submitted" }, 2000)).sort((a, b) => String(a.submitted_at).localeCompare(String(b.submitted_at)));
    mount(body, notice || null, h("div", { class: "card" },
      h("h2", {}, `Requisitions waiting for approval (${list.length})`),
      h("p", { class: "muted small" }, "Oldest first. You cannot approve a requisition you raised yourself."),
      table([
        { label: "Requisition", cell: (r) => h("b", {}, r.number) },
        { label: "Location", cell: (r) => r.location },
        { label: "Purpose", cell: (r) => badge(r.purpose) },
        { label: "Unit", cell: (r) => h("span", { class: "mono" }, r.unit_serial || "—"), class: "hide-narrow" },
        { label: "Parts", cell: (r) => r.lines.map((l) => h("div", {}, `${l.part_no} × ${l.qty}`, l.reason ? h("span", { class: "muted small" }, ` · ${l.reason}`) : null)) },
        { label: "Submitted", cell: (r) => when(r.submitted_at), class: "hide-narrow" },
        { label: "Decision", cell: decide },
      ], list, { empty: "Nothing waiting for approval.", id: "approvals-table" })));
  } catch (e) {
    mount(body, errorBanner(e));
  }
}

function decide(r) {
  const out = h("div");
  const comment = h("input", { placeholder: "comment (required to reject)", autocomplete: "off", "aria-label": "comment" });
  const act = (verb) => {
    const b = h("button", {
      class: verb === "approve" ? "primary" : "danger",
      onclick: () => busy(b, out, async () => {
        const text = comment.value.trim();
        if (verb === "reject" && !text) throw new Error("Say why it is rejected.");
        await post(`/requisitions/${seg(r.number)}/${verb}`, { comment: text || null }, { key: newKey(), version: r.version });
        show(banner("ok", `${r.number} ${verb === "approve" ? "approved" : "rejected"}.`));
      }),
    }, verb === "approve" ? "Approve" : "Reject");
    return b;
  };
  return h("div", { style: "display:flex;flex-wrap:wrap;gap:.3rem" }, comment, act("approve"), act("reject"), out);
}
