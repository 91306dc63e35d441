// Small DOM helpers shared by the pages.

import { call } from "./api.js";

/** Builds an element: `h("td", {class: "num"}, "12.00")`. Attributes starting with `on` are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "value") el.value = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Integer fen as yuan with two decimals and thousands separators. */
export function yuan(fen) {
  if (fen === null || fen === undefined) return "—";
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  const cents = String(abs % 100).padStart(2, "0");
  return `${neg ? "−" : ""}${whole}.${cents}`;
}

/** A yuan amount typed by a user ("123.4") as integer fen, or null when empty/invalid. */
export function toFen(text) {
  const s = String(text ?? "").trim().replace(/,/g, "");
  if (!s) return null;
  if (!/^\d+(\.\d{0,2})?$/.test(s)) return NaN;
  const [w, f = ""] = s.split(".");
  return Number(w) * 100 + Number(f.padEnd(2, "0"));
}

/** A timestamp as local date and time. */
export function when(ts) {
  if (!ts) return "—";
  const d = new Date(ts);
  return d.toLocaleString("en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" });
}

/** Today's business date (China Standard Time) as YYYY-MM-DD. */
export function today() {
  return new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Shanghai" });
}

/** YYYY-MM of a timestamp in China Standard Time. */
export function month(ts) {
  return new Date(ts).toLocaleDateString("en-CA", { timeZone: "Asia/Shanghai" }).slice(0, 7);
}

const TONE = {
  ok: ["approved", "completed", "closed", "issued", "confirmed", "inspected", "accepted", "posted", "settled", "decided", "received"],
  err: ["rejected", "cancelled", "overdue"],
  warn: ["returned", "reduced", "partially_issued", "partially_received", "awaiting_old_part", "due", "partially_accepted"],
  info: ["submitted", "shipped", "open", "answered", "draft"],
};

/** A status as a coloured badge. */
export function badge(status) {
  const tone = Object.keys(TONE).find((t) => TONE[t].includes(status)) || "";
  return h("span", { class: `badge ${tone}` }, String(status ?? "").replace(/_/g, " "));
}

/** " (at most N)" from a quantity refusal's params. */
function atMost(p) {
  return p.params && Number.isInteger(p.params.available) ? ` (at most ${p.params.available})` : "";
}

/** A short headline for a refused call, from its `code` and `params` only. */
export function problemTitle(err) {
  const p = err.problem || {};
  switch (err.code) {
    case "not_found":
      return p.entity === "barcode" ? "Unknown barcode" : `Not found${p.entity ? `: ${p.entity}` : ""}`;
    case "insufficient_stock":
      return "Not enough stock";
    case "invalid_state":
      return p.params && p.params.entity && p.params.state
        ? `Not possible: ${p.params.entity.replace(/_/g, " ")} is ${p.params.state.replace(/_/g, " ")}`
        : "Not possible now";
    case "already_exists":
      return "Already exists";
    case "duplicate_barcode":
      return "Barcode already in use";
    case "line_already_decided":
      return "Line already decided";
    case "old_part_not_inspected":
      return "Old part not inspected yet";
    case "issue_exceeds_approved":
      return `More than approved${atMost(p)}`;
    case "return_exceeds_outstanding":
      return `More than can come back${atMost(p)}`;
    case "claim_exceeds_issued":
    case "consumption_exceeds_issued":
      return `More than was issued${atMost(p)}`;
    case "receipt_exceeds_in_transit":
      return `More than is in transit${atMost(p)}`;
    case "part_not_on_document":
      return "Part not on this document";
    case "claim_line_decided":
      return "Claim already decided";
    case "stocktake_already_open":
      return "Stocktake already open";
    case "tag_already_received":
      return "Already received";
    case "tag_of_another_dealer":
      return "Another dealer's part";
    case "tag_not_claimable":
      return "Tag cannot be claimed";
    case "nothing_to_claim":
    case "nothing_to_settle":
      return "Nothing to draw up";
    case "below_minimum_claim":
      return "Below the supplier's minimum";
    case "idempotency_in_flight":
      return "Still being answered";
    case "idempotency_key_reused":
      return "Refused";
    case "self_approval":
      return "Someone else must approve";
    case "stale_version":
      return "Changed meanwhile — reload";
    case "forbidden":
      return "Not allowed";
    case "unauthorized":
      return "Token not accepted";
    case "validation_failed":
      return "Invalid input";
    case "network":
      return "No connection";
    case "overloaded":
      return "Server busy";
    default:
      return err.code || "Error";
  }
}

/** A banner (`ok`, `err`, `warn`, `info`). */
export function banner(tone, ...children) {
  return h("div", { class: `banner ${tone}`, role: tone === "err" ? "alert" : "status" }, ...children);
}

/** An error as a red banner. */
export function errorBanner(err) {
  if (!(err && err.status !== undefined)) return banner("err", String(err && err.message ? err.message : err));
  return banner("err", h("b", {}, problemTitle(err)), " — ", err.message);
}

/** A table: `cols` is `[{label, cell: row => node|text, class?}]`. */
export function table(cols, rows, { empty = "Nothing here.", onRow, id } = {}) {
  if (!rows.length) return h("p", { class: "muted", id }, empty);
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { id },
      h("thead", {}, h("tr", {}, cols.map((c) => h("th", { class: c.class }, c.label)))),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            { class: onRow ? "click" : undefined, onclick: onRow ? () => onRow(r) : undefined },
            cols.map((c) => h("td", { class: c.class }, c.cell(r))),
          ),
        ),
      ),
    ),
  );
}

/** Tabs: `items` is `[{id, label}]`; `show(id)` renders the tab's content. */
export function tabs(items, current, show) {
  const bar = h("div", { class: "tabs", role: "tablist" });
  const render = (id) => {
    for (const b of bar.children) b.setAttribute("aria-selected", String(b.dataset.tab === id));
    show(id);
  };
  for (const it of items) {
    bar.append(h("button", { role: "tab", dataset: { tab: it.id }, onclick: () => render(it.id) }, it.label));
  }
  queueMicrotask(() => render(current));
  return bar;
}

let audio;
/** A short beep: a high chirp for success, two low buzzes for an error. No audio files. */
export function beep(ok) {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === "suspended") audio.resume();
    const tones = ok ? [[1320, 0, 0.07]] : [[220, 0, 0.16], [220, 0.22, 0.16]];
    for (const [freq, at, len] of tones) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = ok ? "sine" : "square";
      osc.frequency.value = freq;
      const t0 = audio.currentTime + at;
      gain.gain.setValueAtTime(ok ? 0.15 : 0.25, t0);
      gain.gain.exponentialRampToValueAtTime(0.001, t0 + len);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0);
      osc.stop(t0 + len + 0.02);
    }
  } catch {
    // No audio device: the colours say it all.
  }
}

/**
 * Opens an HTML document the API serves (a tag label, a settlement notice) in a new
 * window: fetched with the bearer token, written into the window (which keeps this page's
 * content security policy, so the document runs no script of its own), then printed.
 */
export async function openHtml(path) {
  const w = window.open("", "_blank");
  try {
    const html = await call("GET", path, { raw: true });
    const target = w || window;
    target.document.open();
    target.document.write(html);
    target.document.close();
    target.focus();
    if (target.print) target.print();
  } catch (e) {
    if (w) w.close();
    alert(`${problemTitle(e)}: ${e.message}`);
  }
}

/** A modal dialog with `content`; resolves when closed. */
export function modal(title, content) {
  const dlg = h(
    "dialog",
    {},
    h(
      "div",
      { class: "card" },
      h("div", { class: "row", style: "justify-content:space-between;align-items:center" },
        h("h2", { style: "margin:0" }, title),
        h("button", { onclick: () => dlg.close(), "aria-label": "Close" }, "Close")),
      content,
    ),
  );
  document.body.append(dlg);
  dlg.addEventListener("close", () => dlg.remove());
  dlg.showModal();
  return dlg;
}

/** Runs `fn` with a button disabled, showing errors in `out`. */
export async function busy(button, out, fn) {
  if (button) button.disabled = true;
  try {
    return await fn();
  } catch (e) {
    if (out) mount(out, errorBanner(e));
    else alert(e.message);
  } finally {
    if (button) button.disabled = false;
  }
}

/** A labelled input. */
export function field(label, input) {
  return h("label", {}, label, input);
}
