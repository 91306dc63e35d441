// The check before submit (检查): what a submit would find now — findings, coverage end,
// the registration card — shown without changing the claim.

import { post, seg } from "./api.js";
import { code, t } from "./i18n.js";
import { banner, busy, h, mount } from "./ui.js";
import { findingsList } from "./dealer.js";

/** The notice of a check: the facts, then each finding as a submit would record it. */
export function checkNotice(res) {
  const errors = res.findings.filter((f) => f.severity === "error").length;
  const warnings = res.findings.length - errors;
  const facts = h("div", { class: "small", id: "check-facts" },
    t("check.coverage", { start: res.coverage_start_date || "—", end: res.coverage_end_date || t("check.no_policy") }), " · ",
    t("check.card", { status: code("Registration", res.registration), received: res.registration_received_date || "—", due: res.registration_due_date || "—" }));
  const tone = errors ? "err" : warnings ? "warn" : "ok";
  const headline = errors
    ? t("check.would_reject", { lines: res.rejected_lines.join(", ") })
    : warnings ? t("check.warnings_only", { n: warnings }) : t("check.clean");
  return banner(tone, h("b", {}, t("check.title")), " ", headline, facts,
    h("div", { id: "check-findings" }, findingsList(res.findings.map((f) => ({ ...f, showLine: true })))));
}

/** A button that checks claim `number` and shows the answer in `out`. */
export function checkButton(number, out) {
  const btn = h("button", {
    id: "check-claim",
    onclick: () => busy(btn, out, async () => {
      mount(out, checkNotice(await post(`/claims/${seg(number)}/check`, {})));
    }),
  }, t("check.button"));
  return btn;
}
