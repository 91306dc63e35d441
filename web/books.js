// The books over a period: the journal by business date (记账凭证 one by one) and one
// account's ledger (明细账) — opening balance, the postings with the running balance, and
// the closing balance — each with date pickers and CSV / Excel export.

import { all, get, qs, seg } from "./api.js";
import { accountName, t } from "./i18n.js";
import { amount, download, journalVoucher } from "./documents.js";
import { errorBanner, field, h, modal, mount, table, today, when, yuan } from "./ui.js";

/** The first day of the current month (China Standard Time) as YYYY-MM-DD. */
const monthStart = () => `${today().slice(0, 7)}-01`;

function periodForm(id, onLoad, extra = []) {
  const from = h("input", { type: "date", id: `${id}-from`, value: monthStart() });
  const to = h("input", { type: "date", id: `${id}-to`, value: today() });
  const out = h("div", { class: `${id}-out` });
  const range = () => ({ from_date: from.value, to_date: to.value });
  const exportButton = (format) => h("button", { type: "button", class: `export-${format}`, onclick: () => onLoad(range(), format, out) }, t(`books.export_${format}`));
  const form = h("form", { class: "row", id: `${id}-form`, onsubmit: (ev) => { ev.preventDefault(); onLoad(range(), null, out); } },
    field(t("books.from"), from), field(t("books.to"), to), extra,
    h("button", { type: "submit", class: "primary", id: `${id}-apply` }, t("books.apply")), exportButton("csv"), exportButton("xlsx"));
  return { form, out, range };
}

/** The journal tab: entries of a period (and search text), each opening as a voucher. */
export function journalView(paint, docLink) {
  const results = h("div", { id: "journal-results" });
  const q = h("input", { type: "search", id: "journal-q", autocomplete: "off", placeholder: t("books.search") });
  const load = async (range, format, out) => {
    const params = { ...range, q: q.value.trim() };
    if (format) {
      await download(`/journal${qs({ ...params, format })}`, `journal_${range.from_date || "all"}_${range.to_date || today()}.${format}`, out);
      return;
    }
    mount(results, h("p", { class: "muted" }, t("common.loading")));
    try {
      const page = await get(`/journal${qs({ ...params, order: "desc", limit: 200 })}`);
      const total = (e) => e.lines.filter((l) => l.side === "debit").reduce((s, l) => s + l.amount_fen, 0);
      mount(results,
        table([
          { label: t("col.seq"), cell: (e) => e.seq, class: "num" },
          { label: t("col.when"), cell: (e) => when(e.at) },
          { label: t("col.document"), cell: (e) => docLink(e.document) },
          { label: t("col.memo"), cell: (e) => e.memo },
          { label: t("books.accounts"), cell: (e) => e.lines.map((l) => h("div", { class: "small mono" }, l.account)), class: "hide-narrow" },
          { label: t("col.amount"), cell: (e) => yuan(total(e)), class: "num" },
        ], page.items, { empty: t("books.no_entries"), id: "journal-table", onRow: (e) => modal(t("docs.voucher.no", { seq: e.seq }), journalVoucher(e, docLink)) }),
        page.next_cursor ? h("p", { class: "muted small" }, t("books.first_200")) : null);
    } catch (e) {
      mount(results, errorBanner(e));
    }
  };
  const { form, out, range } = periodForm("journal", load, field(t("books.search"), q));
  paint(h("div", { class: "card" }, h("h2", {}, t("books.journal")), h("p", { class: "muted small" }, t("books.journal_hint")), form, out, results));
  return load(range(), null, out);
}

/** One account's ledger over a period, in a dialog. */
export function accountLedger(account, names, docLink) {
  const results = h("div", { id: "ledger-results" });
  const path = `/accounts/${seg(account)}`;
  const load = async (range, format, out) => {
    if (format) {
      await download(`${path}/entries${qs({ ...range, format })}`, `${account.replace(/[^\w-]+/g, "_")}_${range.from_date}_${range.to_date}.${format}`, out);
      return;
    }
    mount(results, h("p", { class: "muted" }, t("common.loading")));
    try {
      const [s, entries] = await Promise.all([get(`${path}/statement${qs(range)}`), all(`${path}/entries`, range, 5000)]);
      let running = s.opening_fen;
      const rows = entries.map((e) => {
        running += e.amount_fen;
        return { ...e, balance: running };
      });
      const side = (fen) => (fen > 0 ? t("docs.debit") : fen < 0 ? t("docs.credit") : t("books.flat"));
      mount(results,
        h("dl", { class: "facts", id: "ledger-summary" },
          h("dt", {}, t("books.opening")), h("dd", { id: "ledger-opening" }, `${side(s.opening_fen)} `, yuan(Math.abs(s.opening_fen))),
          h("dt", {}, t("books.period_debits")), h("dd", {}, yuan(s.debit_fen)),
          h("dt", {}, t("books.period_credits")), h("dd", {}, yuan(s.credit_fen)),
          h("dt", {}, t("books.closing")), h("dd", { id: "ledger-closing" }, `${side(s.closing_fen)} `, amount(Math.abs(s.closing_fen)))),
        h("div", { class: "table-wrap" }, h("table", { id: "ledger-table" },
          h("thead", {}, h("tr", {}, [t("col.when"), t("col.document"), t("col.memo"), t("docs.debit"), t("docs.credit"), t("books.balance")]
            .map((x, i) => h("th", { class: i >= 3 ? "num" : null }, x)))),
          h("tbody", {},
            h("tr", { class: "muted" }, h("td", {}, range.from_date), h("td", {}), h("td", {}, t("books.opening")), h("td", {}), h("td", {}), h("td", { class: "num" }, yuan(s.opening_fen))),
            rows.map((e) => h("tr", {},
              h("td", {}, when(e.at)), h("td", {}, docLink(e.document, e.document_kind)), h("td", {}, e.memo),
              h("td", { class: "num" }, e.amount_fen > 0 ? yuan(e.amount_fen) : ""),
              h("td", { class: "num" }, e.amount_fen < 0 ? yuan(-e.amount_fen) : ""),
              h("td", { class: "num" }, yuan(e.balance)))),
            h("tr", {}, h("td", {}, range.to_date), h("td", {}), h("td", {}, h("b", {}, t("books.closing"))),
              h("td", { class: "num" }, yuan(s.debit_fen)), h("td", { class: "num" }, yuan(s.credit_fen)), h("td", { class: "num" }, h("b", {}, yuan(s.closing_fen))))))),
        entries.length < s.postings ? h("p", { class: "muted small" }, t("books.too_many", { n: s.postings })) : null);
    } catch (e) {
      mount(results, errorBanner(e));
    }
  };
  const { form, out, range } = periodForm("ledger", load);
  modal(t("books.ledger_heading", { account, name: accountName(account, names) }), h("div", { id: "account-ledger" }, form, out, results));
  return load(range(), null, out);
}
