// A requisition's issues and returns at the scan station, each with its stock ledger
// entry, reversible (红冲) once with a reason: the server posts the exact opposite at the
// same value and links the reversal to the requisition.

import { get, newKey, post, qs, seg } from "./api.js";
import { code, t } from "./i18n.js";
import { busy, errorBanner, field, h, mount, table, when, yuan } from "./ui.js";

/** The movements of requisition `rq` (issues and returns), newest first. */
async function movements(rq) {
  const parts = [...new Set(rq.lines.map((l) => l.part_no))];
  const pages = await Promise.all(parts.map((p) => get(`/stock/ledger${qs({ part: p, location: rq.location, order: "desc", limit: 500 })}`)));
  return pages.flatMap((p) => p.items).filter((e) => e.document === rq.number).sort((a, b) => b.seq - a.seq);
}

/**
 * A card listing `rq`'s issues and returns with a reverse button each; `changed(rq)` is
 * called with the requisition as it stands after a reversal.
 */
export function requisitionMovements(rq, changed) {
  const out = h("div", { id: "rq-reversal-out" });
  const body = h("div", { id: "rq-movements" }, h("p", { class: "muted small" }, t("common.loading")));
  const reason = h("input", { id: "rq-reverse-reason", placeholder: t("reversal.reason"), autocomplete: "off" });
  const paint = async () => {
    const [entries, reversals] = await Promise.all([movements(rq), get(`/requisitions/${seg(rq.number)}/reversals`)]);
    const by = new Map(reversals.map((r) => [r.entry, r.number]));
    mount(body, table([
      { label: t("rq_reversal.col.seq"), cell: (e) => e.seq, class: "num" },
      { label: t("col.part"), cell: (e) => e.part_no },
      { label: t("rq_reversal.col.what"), cell: (e) => t(e.qty_delta < 0 ? "rq_reversal.issue" : "rq_reversal.return") },
      { label: t("rq_reversal.col.qty"), cell: (e) => Math.abs(e.qty_delta), class: "num" },
      { label: t("rq_reversal.col.value"), cell: (e) => yuan(Math.abs(e.value_delta_fen)), class: "num" },
      { label: t("rq_reversal.col.at"), cell: (e) => when(e.at), class: "hide-narrow" },
      {
        label: "",
        cell: (e) => {
          if (by.has(e.seq)) return h("span", { class: "badge", dataset: { reversal: by.get(e.seq) } }, t("rq_reversal.reversed_by", { number: by.get(e.seq) }));
          const btn = h("button", {
            class: "danger reverse-entry", dataset: { entry: e.seq },
            onclick: () => busy(btn, out, async () => {
              if (!reason.value.trim()) throw new Error(t("rq_reversal.give_reason"));
              const rv = await post(`/requisitions/${seg(rq.number)}/reversals`, { entry: e.seq, reason: reason.value.trim() }, { key: newKey() });
              reason.value = "";
              mount(out, h("div", { class: "banner ok", id: "rq-reversed" }, t("rq_reversal.done", { number: rv.number, kind: code("ReversedKind", rv.original_kind), entry: rv.entry })));
              rq = await get(`/requisitions/${seg(rq.number)}`);
              if (changed) changed(rq);
              await paint();
            }),
          }, t("rq_reversal.button"));
          return btn;
        },
      },
    ], entries, { empty: t("rq_reversal.none"), id: "rq-movements-table" }));
  };
  paint().catch((e) => mount(out, errorBanner(e)));
  return h("details", { class: "card", id: "rq-reversals", open: true },
    h("summary", {}, t("rq_reversal.title")),
    body,
    h("div", { class: "row" }, field(t("reversal.reason"), reason)),
    out);
}
