// Small DOM helpers shared by the pages.

import { call } from "./api.js";
import { code, problemText, t, yuan } from "./i18n.js";

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

/** Integer fen as `¥1,234.56`. */
export { yuan };

/** A yuan amount typed by a user ("123.4") as integer fen, or null when empty/invalid. */
export function toFen(text) {
  const s = String(text ?? "").trim().replace(/,/g, "");
  if (!s) return null;
  if (!/^\d+(\.\d{0,2})?$/.test(s)) return NaN;
  const [w, f = ""] = s.split(".");
  return Number(w) * 100 + Number(f.padEnd(2, "0"));
}

// Business time is China Standard Time whatever the browser's zone.
const CST = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

function cstParts(ts) {
  const d = ts instanceof Date ? ts : new Date(ts);
  if (Number.isNaN(d.getTime())) return null;
  return Object.fromEntries(CST.formatToParts(d).map((p) => [p.type, p.value]));
}

/** An instant as `YYYY-MM-DD HH:mm` in China Standard Time. */
export function when(ts) {
  const p = ts ? cstParts(ts) : null;
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : "—";
}

/** The business date (China Standard Time) of an instant as `YYYY-MM-DD`. */
export function date(ts) {
  const p = ts ? cstParts(ts) : null;
  return p ? `${p.year}-${p.month}-${p.day}` : "—";
}

/** Today's business date (China Standard Time) as YYYY-MM-DD. */
export function today() {
  return date(new Date());
}

/** YYYY-MM of a timestamp in China Standard Time. */
export function month(ts) {
  return date(ts).slice(0, 7);
}

const TONE = {
  ok: ["approved", "completed", "closed", "issued", "confirmed", "inspected", "accepted", "posted", "settled", "decided", "received"],
  err: ["rejected", "cancelled", "overdue", "refused", "missing"],
  warn: ["returned", "reduced", "partially_issued", "partially_received", "awaiting_old_part", "due", "partially_accepted", "retrying"],
  info: ["submitted", "shipped", "open", "answered", "draft", "waiting", "sending"],
};

/** A code of the API enum `schema` (`ClaimStatus`…) as a coloured badge with its name. */
export function badge(schema, status) {
  const tone = Object.keys(TONE).find((x) => TONE[x].includes(status)) || "";
  return h("span", { class: `badge ${tone}`, dataset: { code: status ?? "" } }, code(schema, status));
}

/** A short headline for a refused call, from its `code` and `params` only. */
export function problemTitle(err) {
  return problemText(err).title;
}

/** A banner (`ok`, `err`, `warn`, `info`). */
export function banner(tone, ...children) {
  return h("div", { class: `banner ${tone}`, role: tone === "err" ? "alert" : "status" }, ...children);
}

/** An error as a red banner. */
export function errorBanner(err) {
  if (!(err && err.status !== undefined)) return banner("err", String(err && err.message ? err.message : err));
  const p = problemText(err);
  return banner("err", h("b", {}, p.title), " — ", p.text);
}

/** A table: `cols` is `[{label, cell: row => node|text, class?}]`. */
export function table(cols, rows, { empty = t("common.nothing_here"), onRow, id } = {}) {
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
    const p = problemText(e);
    alert(`${p.title}: ${p.text}`);
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
        h("button", { onclick: () => dlg.close() }, t("common.close"))),
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
    else alert(e.status !== undefined ? problemText(e).text : e.message);
  } finally {
    if (button) button.disabled = false;
  }
}

/** A labelled input. */
export function field(label, input) {
  return h("label", {}, label, input);
}
