// Supervisor: requisitions (领料单) waiting for approval, approved or rejected with a comment.

import { all, newKey, post, seg } from "./api.js";
import { t } from "./i18n.js";
import { badge, banner, busy, errorBanner, h, mount, table, when } from "./ui.js";

let body;

export async function render(main) {
  body = h("div", { id: "approvals-body" });
  mount(main, h("h1", {}, t("approvals.title")), body);
  await show();
}

async function show(notice) {
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  try {
    const list = (await all("/requisitions", { status: "submitted" }, 2000)).sort((a, b) => String(a.submitted_at).localeCompare(String(b.submitted_at)));
    mount(body, notice || null, h("div", { class: "card" },
      h("h2", {}, t("approvals.waiting", { n: list.length })),
      h("p", { class: "muted small" }, t("approvals.hint")),
      table([
        { label: t("approvals.col.requisition"), cell: (r) => h("b", {}, r.number) },
        { label: t("col.location"), cell: (r) => r.location },
        { label: t("approvals.col.purpose"), cell: (r) => badge("Purpose", r.purpose) },
        { label: t("col.unit"), cell: (r) => h("span", { class: "mono" }, r.unit_serial || "—"), class: "hide-narrow" },
        { label: t("approvals.col.service_request"), cell: (r) => r.service_request || "—", class: "hide-narrow" },
        { label: t("col.parts"), cell: (r) => r.lines.map((l) => h("div", {}, `${l.part_no} × ${l.qty}`, l.reason ? h("span", { class: "muted small" }, ` · ${l.reason}`) : null)) },
        { label: t("col.submitted"), cell: (r) => when(r.submitted_at), class: "hide-narrow" },
        { label: t("col.decision"), cell: decide },
      ], list, { empty: t("approvals.empty"), id: "approvals-table" })));
  } catch (e) {
    mount(body, errorBanner(e));
  }
}

function decide(r) {
  const out = h("div");
  const comment = h("input", { placeholder: t("approvals.comment_placeholder"), autocomplete: "off", "aria-label": t("approvals.comment") });
  const act = (verb) => {
    const b = h("button", {
      class: verb === "approve" ? "primary" : "danger",
      onclick: () => busy(b, out, async () => {
        const text = comment.value.trim();
        if (verb === "reject" && !text) throw new Error(t("approvals.say_why"));
        await post(`/requisitions/${seg(r.number)}/${verb}`, { comment: text || null }, { key: newKey(), version: r.version });
        show(banner("ok", t(verb === "approve" ? "approvals.approved" : "approvals.rejected", { number: r.number })));
      }),
    }, t(verb === "approve" ? "approvals.approve" : "approvals.reject"));
    return b;
  };
  return h("div", { style: "display:flex;flex-wrap:wrap;gap:.3rem" }, comment, act("approve"), act("reject"), out);
}
