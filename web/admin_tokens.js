// The policy and token tabs of the master-data page: warranty policy versions (a new
// version from a date, the one in force shown), and API tokens (created with a role, a
// dealer and allowed locations; the secret shown once; revoked after a confirmation).

import { all, call, get, newKey, post } from "./api.js";
import { code, t } from "./i18n.js";
import { banner, busy, errorBanner, field, h, modal, mount, table, today, toFen, when, yuan } from "./ui.js";

const txt = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));

// ---- Warranty policies ----

/** Each model's version in force today: the latest effective on or before today. */
function inForce(policies) {
  const now = today();
  const current = new Map();
  for (const p of policies) {
    if (p.effective_from_date > now) continue;
    const best = current.get(p.model);
    if (!best || p.effective_from_date > best.effective_from_date) current.set(p.model, p);
  }
  return current;
}

export async function policiesView(paint, show) {
  const policies = await all("/policies");
  const current = inForce(policies);
  const now = today();
  const state = (p) => {
    if (current.get(p.model) === p) return h("span", { class: "badge ok policy-state", dataset: { state: "current" } }, t("admin.policies.current"));
    if (p.effective_from_date > now) return h("span", { class: "badge info policy-state", dataset: { state: "scheduled" } }, t("admin.policies.scheduled"));
    return h("span", { class: "badge policy-state", dataset: { state: "superseded" } }, t("admin.policies.superseded"));
  };
  const models = [...new Set(policies.map((p) => p.model))];
  paint(policyForm(policies, current, models, show), h("div", { class: "card" }, h("h2", {}, t("admin.policies.versions")), table([
    { label: t("admin.policies.model"), cell: (p) => p.model },
    { label: t("admin.policies.from"), cell: (p) => p.effective_from_date },
    { label: t("admin.policies.state"), cell: state },
    { label: t("admin.policies.months"), cell: (p) => t("admin.months", { n: p.months }), class: "num" },
    { label: t("admin.policies.start"), cell: (p) => code("CoverageStart", p.coverage_start) },
    { label: t("admin.policies.usage"), cell: (p) => usage(p) },
    { label: t("admin.policies.labor_rate"), cell: (p) => yuan(p.labor_rate_fen), class: "num" },
    { label: t("admin.policies.days"), cell: (p) => t("admin.policies.days_value", { registration: p.registration_days, filing: p.filing_days, ret: p.return_days }) },
    { label: t("admin.policies.extras"), cell: (p) => t("admin.policies.extras_value", { overrides: p.part_overrides.length, standards: p.labor_standards.length }) },
  ], policies.slice().sort((a, b) => a.model.localeCompare(b.model) || b.effective_from_date.localeCompare(a.effective_from_date)), { id: "policies-table" })));
}

const usage = (p) => [p.usage_limit_km !== null && p.usage_limit_km !== undefined && t("admin.policies.km", { n: p.usage_limit_km }),
  p.usage_limit_hours !== null && p.usage_limit_hours !== undefined && t("admin.policies.hours", { n: p.usage_limit_hours })].filter(Boolean).join(t("common.list_sep")) || "—";

/**
 * The form of a new version: filled from the model's version in force, whose per-part
 * settings and labour standards it carries. A version of the same model and date is
 * replaced against the version it was read at.
 */
function policyForm(policies, current, models, show) {
  const out = h("div", { id: "policy-out" });
  const num = (id) => h("input", { id, type: "number", min: "0", step: "1" });
  const model = h("input", { id: "pol-model", autocomplete: "off", list: "pol-models" });
  const from = h("input", { id: "pol-from", type: "date", value: today() });
  const months = num("pol-months");
  const start = h("select", { id: "pol-start" }, ["sale", "acceptance"].map((c) => h("option", { value: c }, code("CoverageStart", c))));
  const rate = h("input", { id: "pol-rate", inputmode: "decimal", autocomplete: "off" });
  const reg = num("pol-registration");
  const filing = num("pol-filing");
  const ret = num("pol-return");
  const km = num("pol-km");
  const hours = num("pol-hours");
  const basis = h("p", { class: "muted small", id: "pol-basis" });
  let base = null;
  const fill = () => {
    base = current.get(model.value.trim()) || null;
    const p = base || { months: 24, coverage_start: "sale", labor_rate_fen: null, registration_days: 20, filing_days: 30, return_days: 30, usage_limit_km: null, usage_limit_hours: null };
    months.value = p.months;
    start.value = p.coverage_start;
    rate.value = p.labor_rate_fen === null ? "" : (p.labor_rate_fen / 100).toFixed(2);
    reg.value = p.registration_days;
    filing.value = p.filing_days;
    ret.value = p.return_days;
    km.value = p.usage_limit_km ?? "";
    hours.value = p.usage_limit_hours ?? "";
    mount(basis, base
      ? t("admin.policies.based_on", { from: base.effective_from_date, overrides: base.part_overrides.length, standards: base.labor_standards.length })
      : t("admin.policies.new_model"));
  };
  model.addEventListener("change", fill);
  fill();
  const optional = (input) => (input.value.trim() === "" ? null : Number(input.value));
  const save = h("button", { type: "submit", class: "primary", id: "pol-save" }, t("admin.policies.put"));
  const form = h("form", { class: "card", id: "policy-form" }, h("h2", {}, t("admin.policies.new")),
    h("datalist", { id: "pol-models" }, models.map((m) => h("option", { value: m }))),
    h("div", { class: "grid3" },
      field(t("admin.policies.model"), model), field(t("admin.policies.from"), from), field(t("admin.policies.months"), months),
      field(t("admin.policies.start"), start), field(t("admin.policies.labor_rate"), rate), field(t("admin.policies.registration_days"), reg),
      field(t("admin.policies.filing_days"), filing), field(t("admin.policies.return_days"), ret), field(t("admin.policies.km_limit"), km),
      field(t("admin.policies.hours_limit"), hours)),
    basis, h("div", { class: "actions" }, save), out);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(save, out, async () => {
      const rateFen = toFen(rate.value);
      if (rateFen === null || Number.isNaN(rateFen)) throw new Error(t("admin.amount_invalid", { field: t("admin.policies.labor_rate") }));
      const body = {
        model: model.value.trim(),
        effective_from_date: from.value,
        months: Number(months.value || 0),
        coverage_start: start.value,
        labor_rate_fen: rateFen,
        registration_days: Number(reg.value || 0),
        filing_days: Number(filing.value || 0),
        return_days: Number(ret.value || 0),
        usage_limit_km: optional(km),
        usage_limit_hours: optional(hours),
        part_overrides: base ? base.part_overrides : [],
        labor_standards: base ? base.labor_standards : [],
      };
      const same = policies.find((p) => p.model === body.model && p.effective_from_date === body.effective_from_date);
      const saved = await post("/policies", body, { key: newKey(), version: same ? same.version : undefined });
      show("policies", banner("ok", t("admin.policies.saved", { model: saved.model, from: saved.effective_from_date })));
    });
  });
  return form;
}

// ---- Tokens ----

const ROLES = ["clerk", "dealer", "supervisor", "reviewer", "finance", "admin"];

export async function tokensView(paint, show) {
  const [tokens, dealers, locations] = await Promise.all([get("/tokens"), all("/dealers"), all("/locations")]);
  const secretBox = h("div", { id: "token-secret-box" });
  paint(secretBox, tokenForm(secretBox, dealers, locations, show), h("div", { class: "card" }, h("h2", {}, t("admin.tokens.list")), table([
    { label: t("admin.tokens.id"), cell: (k) => h("span", { class: "mono" }, k.id) },
    { label: t("admin.name"), cell: (k) => k.name },
    { label: t("admin.tokens.role"), cell: (k) => code("Role", k.role) },
    { label: t("col.dealer"), cell: (k) => txt(k.dealer) },
    { label: t("admin.tokens.locations"), cell: (k) => (k.locations.length ? k.locations.join(t("common.list_sep")) : t("admin.tokens.all_locations")) },
    { label: t("admin.tokens.created_by"), cell: (k) => k.created_by },
    { label: t("admin.tokens.created_at"), cell: (k) => when(k.created_at) },
    { label: t("admin.actions"), cell: (k) => h("button", { type: "button", class: "danger token-revoke", dataset: { id: k.id }, onclick: () => revoke(k, show) }, t("admin.tokens.revoke")) },
  ], tokens, { id: "tokens-table", empty: t("admin.tokens.none") })));
}

function tokenForm(secretBox, dealers, locations, show) {
  const out = h("div", { id: "token-out" });
  const name = h("input", { id: "tok-name", autocomplete: "off", placeholder: t("admin.tokens.name_hint") });
  const role = h("select", { id: "tok-role" }, ROLES.map((r) => h("option", { value: r }, code("Role", r))));
  const dealer = h("select", { id: "tok-dealer" }, h("option", { value: "" }, "—"), dealers.map((d) => h("option", { value: d.code }, `${d.code} · ${d.name}`)));
  const dealerField = field(t("col.dealer"), dealer);
  const places = locations.filter((l) => l.kind !== "in_transit");
  const boxes = places.map((l) => h("input", { type: "checkbox", class: "tok-loc", value: l.code }));
  const locField = h("fieldset", { id: "tok-locations" }, h("legend", {}, t("admin.tokens.locations")),
    h("p", { class: "muted small" }, t("admin.tokens.locations_note")),
    h("div", { class: "row" }, places.map((l, i) => h("label", { class: "check" }, boxes[i], `${l.code} · ${l.name}`))));
  const sync = () => {
    dealerField.classList.toggle("hidden", role.value !== "dealer");
    locField.classList.toggle("hidden", role.value === "dealer");
  };
  role.addEventListener("change", sync);
  sync();
  const save = h("button", { type: "submit", class: "primary", id: "tok-create" }, t("admin.tokens.create"));
  const form = h("form", { class: "card", id: "token-form" }, h("h2", {}, t("admin.tokens.new")),
    h("div", { class: "grid3" }, field(t("admin.name"), name), field(t("admin.tokens.role"), role), dealerField),
    locField, h("div", { class: "actions" }, save), out);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(save, out, async () => {
      const isDealer = role.value === "dealer";
      const body = {
        name: name.value.trim(),
        role: role.value,
        dealer: isDealer ? dealer.value || null : null,
        locations: isDealer ? [] : boxes.filter((b) => b.checked).map((b) => b.value),
      };
      const created = await post("/tokens", body, { key: newKey() });
      // The list is shown again without the secret; the secret stays only in this box.
      await show("tokens");
      const box = document.getElementById("token-secret-box");
      if (box) mount(box, secretCard(created, box));
    });
  });
  return form;
}

/** The secret of a token just created, with the warning that it is never shown again. */
function secretCard(created, box) {
  if (!created.secret) return banner("warn", t("admin.tokens.secret_lost", { id: created.token.id }));
  const secret = h("input", { id: "token-secret", class: "mono", readonly: true, value: created.secret, "aria-label": t("admin.tokens.secret") });
  const copied = h("span", { class: "muted small", id: "token-copied", role: "status" });
  const copy = h("button", { type: "button", id: "token-copy", class: "primary" }, t("admin.tokens.copy"));
  copy.addEventListener("click", async () => {
    secret.select();
    try {
      await navigator.clipboard.writeText(created.secret);
    } catch {
      document.execCommand("copy");
    }
    copied.textContent = t("admin.tokens.copied");
  });
  return h("div", { class: "card", id: "token-secret-card" },
    h("h2", {}, t("admin.tokens.secret_title", { name: created.token.name, id: created.token.id })),
    banner("warn", h("b", {}, t("admin.tokens.secret_once"))),
    h("div", { class: "row" }, secret, copy, copied),
    h("div", { class: "actions" }, h("button", { type: "button", id: "token-secret-done", onclick: () => mount(box) }, t("admin.tokens.stored"))));
}

function revoke(k, show) {
  const out = h("div");
  const go = h("button", { type: "button", class: "danger", id: "revoke-confirm" }, t("admin.tokens.revoke_confirm"));
  const dlg = modal(t("admin.tokens.revoke_title", { id: k.id }), h("div", {},
    h("p", {}, t("admin.tokens.revoke_text", { name: k.name, role: code("Role", k.role) })),
    h("div", { class: "actions" }, go), out));
  go.addEventListener("click", () => busy(go, out, async () => {
    await call("DELETE", `/tokens/${encodeURIComponent(k.id)}`, { key: newKey() });
    dlg.close();
    show("tokens", banner("ok", t("admin.tokens.revoked", { id: k.id })));
  }));
}
