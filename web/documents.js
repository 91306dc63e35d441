// Finance documents as documents: a settlement (核销通知), a supplier claim (二次索赔单), a
// dealer payment (经销商回款) and a journal entry (记账凭证) read as paper does — header
// facts under Chinese labels, a lines table, totals in ¥ and in capitals (大写), the status
// as a badge and linked documents as links. Any other document shows its fields the same
// way; nothing is shown as raw JSON.

import { getBlob } from "./api.js";
import { accountName, code, has, t } from "./i18n.js";
import { badge, banner, date, errorBanner, h, table, when, yuan } from "./ui.js";

const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const PLACES = ["", "拾", "佰", "仟"];
const GROUPS = ["", "万", "亿", "万亿", "亿亿"];

/** Integer fen in Chinese capitals, as `domain/capitals.rs` prints them: `壹拾伍元伍角`, `零元整`. */
export function capitals(fen) {
  let n = BigInt(fen);
  const neg = n < 0n;
  if (neg) n = -n;
  if (n === 0n) return "零元整";
  const yuanPart = n / 100n;
  const jiao = Number((n / 10n) % 10n);
  const fenDigit = Number(n % 10n);
  let out = neg ? "负" : "";
  if (yuanPart > 0n) out += `${wholeYuan(yuanPart)}元`;
  if (jiao === 0 && fenDigit === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuanPart > 0n) out += "零";
  if (fenDigit > 0) out += `${DIGITS[fenDigit]}分`;
  return out;
}

function wholeYuan(yuanPart) {
  const groups = [];
  for (let rest = yuanPart; rest > 0n; rest /= 10000n) groups.push(Number(rest % 10000n));
  let out = "";
  let zero = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g];
    if (group === 0) {
      zero = zero || out !== "";
      continue;
    }
    for (let place = 3; place >= 0; place--) {
      const digit = Math.floor(group / 10 ** place) % 10;
      if (digit === 0) {
        zero = zero || out !== "";
        continue;
      }
      if (zero) out += "零";
      zero = false;
      out += DIGITS[digit] + PLACES[place];
    }
    out += GROUPS[g];
  }
  return out;
}

/** A money figure with its capitals beneath. */
export function amount(fen) {
  return h("span", { class: "amount" }, h("b", {}, yuan(fen)), h("span", { class: "capitals small" }, `（${t("docs.in_capitals")}：${capitals(fen)}）`));
}

function facts(pairs) {
  return h("dl", { class: "facts doc-facts" }, pairs.filter(Boolean).map(([label, value]) => [h("dt", {}, label), h("dd", {}, value ?? "—")]));
}

const mono = (s) => (s ? h("span", { class: "mono" }, s) : "—");

/**
 * The document `doc` of `kind` as a readable view. `link(number, kind)` makes a linked
 * document (a claim on a settlement line) open in place.
 */
export function documentView(kind, doc, link = (n) => mono(n)) {
  const view = VIEWS[kind] || genericView;
  return h("div", { class: "document-view", dataset: { kind: kind || "" } }, view(doc, link, kind));
}

const VIEWS = {
  settlement: (s, link) => [
    h("div", { class: "doc-title" }, h("h3", {}, t("docs.settlement.title")), badge("SettlementStatus", s.status)),
    facts([
      [t("docs.number"), mono(s.number)],
      [t("col.dealer"), mono(s.dealer)],
      [t("docs.period"), `${s.period_from_date} — ${s.period_to_date}`],
      [t("docs.created"), `${when(s.created_at)} · ${s.created_by}`],
      s.issued_at ? [t("docs.issued_at"), when(s.issued_at)] : null,
      s.confirmed_at ? [t("docs.confirmed"), `${when(s.confirmed_at)} · ${s.confirmed_by || "—"}`] : null,
    ]),
    table([
      { label: t("docs.claim"), cell: (l) => link(l.claim, "claim") },
      { label: t("docs.claim_line"), cell: (l) => l.line, class: "num" },
      { label: t("docs.kind"), cell: (l) => code("LineKind", l.kind) },
      { label: t("docs.decided_date"), cell: (l) => l.decided_date },
      { label: t("col.amount"), cell: (l) => yuan(l.amount_fen), class: "num" },
    ], s.lines, { empty: t("docs.no_lines"), id: "doc-lines" }),
    facts([
      [t("LineKind.part"), yuan(s.parts_fen)],
      [t("LineKind.labor"), yuan(s.labor_fen)],
      [t("LineKind.travel"), yuan(s.travel_fen)],
      [t("LineKind.other"), yuan(s.other_fen)],
      [t("docs.total"), amount(s.total_fen)],
      [t("docs.dealer_balance_before"), yuan(s.dealer_balance_fen)],
      [t("docs.dealer_balance_after"), yuan(s.resulting_balance_fen)],
    ]),
  ],
  supplier_claim: (c, link) => [
    h("div", { class: "doc-title" }, h("h3", {}, t("docs.supplier_claim.title")), badge("SupplierClaimStatus", c.status)),
    facts([
      [t("docs.number"), mono(c.number)],
      [t("col.supplier"), mono(c.supplier)],
      [t("docs.created"), when(c.created_at)],
      c.submitted_at ? [t("docs.submitted_at"), when(c.submitted_at)] : null,
    ]),
    table([
      { label: "#", cell: (l) => l.line, class: "num" },
      { label: t("docs.tag"), cell: (l) => link(l.tag, "old_part") },
      { label: t("docs.claim"), cell: (l) => [link(l.claim, "claim"), ` / ${l.claim_line}`] },
      { label: t("col.part"), cell: (l) => mono(l.part_no) },
      { label: t("LineKind.part"), cell: (l) => yuan(l.parts_fen), class: "num" },
      { label: t("LineKind.labor"), cell: (l) => yuan(l.labor_fen), class: "num" },
      { label: t("docs.claimed"), cell: (l) => yuan(l.amount_fen), class: "num" },
      { label: t("docs.outcome"), cell: (l) => (l.outcome ? badge("SupplierOutcome", l.outcome) : "—") },
      { label: t("docs.accepted"), cell: (l) => (l.accepted_fen == null ? "—" : yuan(l.accepted_fen)), class: "num" },
      { label: t("docs.reason"), cell: (l) => l.reason || "—" },
    ], c.lines, { empty: t("docs.no_lines"), id: "doc-lines" }),
    facts([
      [t("docs.claimed_total"), amount(c.claimed_fen)],
      [t("docs.accepted_total"), amount(c.accepted_fen)],
      [t("docs.paid_total"), amount(c.paid_fen)],
    ]),
    c.payments.length ? [h("h4", {}, t("docs.payments")), table([
      { label: t("col.when"), cell: (p) => when(p.at) },
      { label: t("docs.reference"), cell: (p) => mono(p.reference) },
      { label: t("col.amount"), cell: (p) => yuan(p.amount_fen), class: "num" },
    ], c.payments)] : null,
  ],
  dealer_payment: (p) => [
    h("div", { class: "doc-title" }, h("h3", {}, t("docs.dealer_payment.title"))),
    facts([
      [t("docs.number"), mono(p.number)],
      [t("col.dealer"), mono(p.dealer)],
      [t("docs.received_date"), p.received_date],
      [t("docs.reference"), mono(p.reference)],
      [t("docs.amount"), amount(p.amount_fen)],
      [t("docs.recorded"), `${when(p.recorded_at)} · ${p.recorded_by}`],
    ]),
  ],
};

/** Any other document: its plain fields as facts, its lines as a table, nothing as JSON. */
function genericView(doc, link, kind) {
  const scalar = (v) => v === null || typeof v !== "object";
  const shown = (k, v) => {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "boolean") return v ? t("docs.yes") : t("docs.no");
    if (k.endsWith("_fen") && Number.isInteger(v)) return yuan(v);
    if (k.endsWith("_at") && typeof v === "string") return when(v);
    if (k === "status") return badge(`${pascal(kind)}Status`, v);
    return String(v);
  };
  const label = (k) => (has(`docs.field.${k}`) ? t(`docs.field.${k}`) : k);
  const fields = Object.entries(doc).filter(([, v]) => scalar(v));
  const arrays = Object.entries(doc).filter(([, v]) => Array.isArray(v) && v.length && v.every((x) => x && typeof x === "object"));
  return [
    h("div", { class: "doc-title" }, h("h3", {}, code("DocumentKind", kind))),
    facts(fields.map(([k, v]) => [label(k), shown(k, v)])),
    arrays.map(([name, rows]) => {
      const keys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => scalar(r[k]))))];
      return [h("h4", {}, label(name)), table(keys.map((k) => ({ label: label(k), cell: (r) => shown(k, r[k]), class: k.endsWith("_fen") || k.endsWith("qty") ? "num" : undefined })), rows)];
    }),
  ];
}

const pascal = (s) => String(s || "").split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");

/** A journal entry as a voucher (记账凭证): debit and credit lines, totals in capitals. */
export function journalVoucher(e, link, names = {}) {
  const debit = e.lines.filter((l) => l.side === "debit").reduce((s, l) => s + l.amount_fen, 0);
  const credit = e.lines.filter((l) => l.side === "credit").reduce((s, l) => s + l.amount_fen, 0);
  return h("div", { class: "document-view voucher", dataset: { seq: e.seq } },
    h("div", { class: "doc-title" }, h("h3", {}, t("docs.voucher.title")), h("span", { class: "muted" }, t("docs.voucher.no", { seq: e.seq }))),
    facts([
      [t("docs.date"), date(e.at)],
      [t("docs.posted_at"), when(e.at)],
      [t("docs.source"), link(e.document)],
      [t("col.memo"), e.memo],
      [t("docs.actor"), mono(e.actor)],
    ]),
    h("div", { class: "table-wrap" }, h("table", { class: "voucher-lines" },
      h("thead", {}, h("tr", {}, h("th", {}, t("docs.account")), h("th", {}, t("col.name")), h("th", { class: "num" }, t("docs.debit")), h("th", { class: "num" }, t("docs.credit")))),
      h("tbody", {}, e.lines.map((l) => h("tr", {},
        h("td", { class: "mono" }, l.account), h("td", {}, accountName(l.account, names)),
        h("td", { class: "num" }, l.side === "debit" ? yuan(l.amount_fen) : ""),
        h("td", { class: "num" }, l.side === "credit" ? yuan(l.amount_fen) : "")))),
      h("tfoot", {}, h("tr", {}, h("td", { colspan: 2 }, `${t("docs.total")}（${t("docs.in_capitals")}）：${capitals(debit)}`),
        h("td", { class: "num" }, h("b", {}, yuan(debit))), h("td", { class: "num" }, h("b", {}, yuan(credit))))))));
}

/** Downloads `path` (a list with `format=csv|xlsx`) as the file `name`. */
export async function download(path, name, out) {
  try {
    const blob = await getBlob(path);
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: name, class: "export-link" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    if (out) out.replaceChildren(banner("ok", t("lists.exported", { name })));
  } catch (e) {
    if (out) out.replaceChildren(errorBanner(e));
  }
}

const PREFIXES = {
  RC: "receipt", TR: "transfer", ST: "stocktake", RQ: "requisition", SR: "service_report", CL: "claim",
  SE: "settlement", SC: "supplier_claim", OP: "old_part", DR: "draft", RV: "reversal", SO: "parts_order",
  SH: "shipment", DP: "dealer_payment", RT: "dealer_return", SV: "service_request",
};

/** The kind of a document from its number's prefix (`SE-000001` → `settlement`), if known. */
export function kindOf(number) {
  const m = /^([A-Z]{2})-/.exec(String(number || ""));
  return m && Object.hasOwn(PREFIXES, m[1]) ? PREFIXES[m[1]] : undefined;
}
