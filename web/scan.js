// Scan station: pick a document, then scan. Every Enter is one scan, posted on its own with
// its own Idempotency-Key, strictly one after another, so ten fast scans are ten units.
// A scan that cannot reach the server is retried with the same key (never posted twice).

import { all, ApiError, call, get, newKey, post, seg } from "./api.js";
import { accountName, code, problemText, t } from "./i18n.js";
import { badge, beep, busy, errorBanner, field, h, mount, table, toFen, when, yuan } from "./ui.js";
import { requisitionMovements } from "./scan_reversals.js";

const KINDS = [
  { id: "receipt", roles: ["admin", "clerk"] },
  { id: "dispatch", roles: ["admin", "clerk"] },
  { id: "transfer", roles: ["admin", "clerk", "dealer"] },
  { id: "issue", roles: ["admin", "clerk", "dealer"] },
  { id: "count", roles: ["admin", "clerk"] },
  { id: "oldpart", roles: ["admin", "clerk"] },
];

const RETRIES = [500, 1000, 2000, 4000, 8000];

export async function render(main, me) {
  const kinds = KINDS.filter((k) => k.roles.includes(me.role));
  const s = {
    me,
    kind: null,
    setup: null, // what the scans post against, fixed while scanning
    queue: [],
    sending: false,
    units: 0,
    errors: 0,
    perPart: new Map(),
    log: [],
    parts: new Map(), // scanned code -> part
  };

  const kindBar = h("div", { class: "kinds", role: "group", "aria-label": t("scan.document_kind") });
  const setupBox = h("div", { id: "setup" });
  const scanCard = h("div", { class: "card hidden", id: "scanning" });
  mount(
    main,
    h("h1", {}, t("scan.title")),
    h("div", { class: "card" }, h("h2", {}, t("scan.step1")), kindBar, setupBox),
    scanCard,
  );

  for (const k of kinds) {
    kindBar.append(
      h("button", { type: "button", dataset: { kind: k.id }, "aria-pressed": "false", onclick: () => choose(k.id) },
        h("b", {}, t(`scan.kind.${k.id}`)), h("small", {}, t(`scan.kind.${k.id}.hint`))),
    );
  }

  async function choose(kind) {
    if (s.queue.length || s.sending) return;
    s.kind = kind;
    for (const b of kindBar.children) b.setAttribute("aria-pressed", String(b.dataset.kind === kind));
    scanCard.classList.add("hidden");
    mount(setupBox, h("p", { class: "muted" }, t("common.loading")));
    try {
      mount(setupBox, await SETUP[kind](s, start));
    } catch (e) {
      mount(setupBox, errorBanner(e));
    }
  }

  /** Locks the setup and opens the scanning panel. */
  function start(setup) {
    s.setup = setup;
    s.units = 0;
    s.errors = 0;
    s.perPart.clear();
    s.log = [];
    renderScanning(s, scanCard, () => {
      if (s.queue.length || s.sending) return;
      scanCard.classList.add("hidden");
      kindBar.scrollIntoView({ behavior: "smooth" });
    });
  }

  if (kinds.length === 1) choose(kinds[0].id);
}

// ---- Setup forms, one per kind: each resolves to a `setup` passed to `start`. ----

function locationSelect(locs, me, id) {
  const allowed = me.locations.length ? locs.filter((l) => me.locations.includes(l.code)) : locs;
  return h("select", { id }, allowed.map((l) => h("option", { value: l.code }, `${l.code} · ${l.name}`)));
}

function startButton(out) {
  const btn = h("button", { class: "primary", id: "start", type: "submit" }, t("scan.start"));
  return [out, h("div", { class: "actions" }, btn)];
}

function docForm(title, inputs, out, submit) {
  return h(
    "form",
    {
      onsubmit: async (ev) => {
        ev.preventDefault();
        mount(out);
        try {
          await submit();
        } catch (e) {
          mount(out, errorBanner(e));
        }
      },
    },
    h("h2", {}, `2 · ${title}`),
    h("div", { class: "row" }, inputs),
    startButton(out),
  );
}

const SETUP = {
  async receipt(s, start) {
    const [warehouses, stations, suppliers] = await Promise.all([
      all("/locations", { kind: "warehouse" }),
      all("/locations", { kind: "service_station" }),
      all("/suppliers").catch(() => []),
    ]);
    const loc = locationSelect([...warehouses, ...stations], s.me, "location");
    const cost = h("input", { id: "unit-cost", inputmode: "decimal", placeholder: t("scan.standard_cost"), autocomplete: "off" });
    const sup = h("select", { id: "supplier" }, h("option", { value: "" }, "—"), suppliers.map((x) => h("option", { value: x.code }, `${x.code} · ${x.name}`)));
    const ref = h("input", { id: "reference", placeholder: t("scan.delivery_note"), autocomplete: "off" });
    const out = h("div");
    return docForm(t("scan.kind.receipt"), [
      field(t("scan.receiving_location"), loc),
      field(t("scan.unit_cost"), cost),
      field(t("col.supplier"), sup),
      field(t("field.reference"), ref),
    ], out, async () => {
      const unitCost = toFen(cost.value);
      if (Number.isNaN(unitCost)) throw new Error(t("scan.unit_cost_invalid"));
      if (!loc.value) throw new Error(t("scan.choose_location"));
      const draft = await post("/drafts", { kind: "receipt", location: loc.value, supplier: sup.value || null, reference: ref.value.trim() || null }, { key: newKey() });
      start({
        kind: "receipt",
        number: draft.number,
        doc: draft,
        title: `${draft.number} · ${t("scan.receipt_at", { location: loc.value })}`,
        detail: [unitCost === null ? t("scan.standard_cost") : t("scan.each", { amount: yuan(unitCost) }), sup.value, ref.value].filter(Boolean).join(" · "),
        location: loc.value,
        unitCost,
        supplier: sup.value || null,
        reference: ref.value.trim() || null,
      });
    });
  },

  async dispatch(s, start) {
    const [warehouses, stations] = await Promise.all([all("/locations", { kind: "warehouse" }), all("/locations", { kind: "service_station" })]);
    const from = locationSelect([...warehouses, ...stations], s.me, "dispatch-from");
    const to = h("select", { id: "dispatch-to" }, [...warehouses, ...stations].map((l) => h("option", { value: l.code }, `${l.code} · ${l.name}`)));
    const mode = h("select", { id: "dispatch-mode" }, ["two_step", "direct"].map((m) => h("option", { value: m }, code("TransferMode", m))));
    const out = h("div");
    return docForm(t("scan.kind.dispatch"), [field(t("scan.dispatch_from"), from), field(t("scan.dispatch_to"), to), field(t("scan.dispatch_mode"), mode)], out, async () => {
      if (from.value === to.value) throw new Error(t("scan.dispatch_same"));
      const draft = await post("/drafts", { kind: "transfer_dispatch", location: from.value, to: to.value, mode: mode.value }, { key: newKey() });
      start({ kind: "dispatch", draft: true, number: draft.number, title: `${draft.number} · ${t("scan.dispatch_title", { from: from.value, to: to.value })}`, detail: code("TransferMode", mode.value), doc: draft });
    });
  },

  async transfer(s, start) {
    const open = (await all("/stock/transfers", {}, 2000)).filter((x) => x.status !== "completed" && x.mode === "two_step");
    const [docEl, input] = docInput("transfer", "TR-000001", open.map((x) => [x.number, `${x.from} → ${x.to} · ${x.lines.map((l) => `${l.part_no} ${l.received_qty}/${l.qty}`).join(", ")}`]));
    const out = h("div");
    return docForm(t("scan.kind.transfer"), [field(t("scan.transfer_number"), docEl), openList(open.length, "transfers")], out, async () => {
      const tr = await get(`/stock/transfers/${seg(input.value.trim())}`);
      if (tr.status === "completed") throw new Error(t("scan.transfer_done", { number: tr.number }));
      const draft = await post("/drafts", { kind: "transfer_receipt", against: tr.number }, { key: newKey() });
      start({ kind: "transfer", draft: true, target: tr, number: draft.number, title: `${draft.number} · ${t("scan.transfer_into", { number: tr.number, to: tr.to })}`, detail: t("scan.from", { from: tr.from }), doc: draft });
    });
  },

  async issue(s, start) {
    const [approved, partial] = await Promise.all([
      all("/requisitions", { status: "approved" }, 2000),
      all("/requisitions", { status: "partially_issued" }, 2000),
    ]);
    const open = [...partial, ...approved].sort((a, b) => a.number.localeCompare(b.number));
    const [docEl, input] = docInput("requisition", "RQ-000001", open.map((r) => [r.number, `${r.location} · ${code("Purpose", r.purpose)} · ${r.lines.map((l) => `${l.part_no} ${l.issued_qty}/${l.qty}`).join(", ")}`]));
    const out = h("div");
    return docForm(t("scan.kind.issue"), [field(t("scan.requisition_number"), docEl), openList(open.length, "requisitions")], out, async () => {
      const r = await get(`/requisitions/${seg(input.value.trim())}`);
      if (!["approved", "partially_issued"].includes(r.status)) throw new Error(t("scan.not_approved", { number: r.number, status: code("RequisitionStatus", r.status) }));
      const draft = await post("/drafts", { kind: "issue", against: r.number }, { key: newKey() });
      start({ kind: "issue", draft: true, target: r, number: draft.number, title: `${draft.number} · ${t("scan.issue_on", { number: r.number, location: r.location })}`, detail: code("Purpose", r.purpose), doc: draft });
    });
  },

  async count(s, start) {
    const [open, warehouses, stations] = await Promise.all([
      all("/stocktakes", {}, 2000).then((xs) => xs.filter((x) => x.status === "open")),
      all("/locations", { kind: "warehouse" }),
      all("/locations", { kind: "service_station" }),
    ]);
    const [docEl, input] = docInput("stocktake", "ST-000001", open.map((x) => [x.number, `${x.location}${x.full ? ` · ${t("scan.full")}` : ""} · ${t("scan.parts_counted", { n: x.counts.length })}`]));
    const out = h("div");
    const loc = locationSelect([...warehouses, ...stations], s.me, "stocktake-location");
    const full = h("input", { type: "checkbox", id: "stocktake-full" });
    const openBtn = h("button", {
      type: "button",
      id: "open-stocktake",
      onclick: async () => {
        mount(out);
        try {
          const st = await post("/stocktakes", { location: loc.value, full: full.checked }, { key: newKey() });
          input.value = st.number;
          mount(out, h("div", { class: "banner ok" }, t("scan.opened", { number: st.number, location: st.location })));
        } catch (e) {
          mount(out, errorBanner(e));
        }
      },
    }, t("scan.open_stocktake"));
    const form = docForm(t("scan.kind.count"), [field(t("scan.stocktake_number"), docEl), openList(open.length, "stocktakes")], out, async () => {
      const st = await get(`/stocktakes/${seg(input.value.trim())}`);
      if (st.status !== "open") throw new Error(t("scan.stocktake_is", { number: st.number, status: code("StocktakeStatus", st.status) }));
      start({ kind: "count", number: st.number, title: t("scan.stocktake_at", { number: st.number, location: st.location }), detail: t(st.full ? "scan.full_count" : "scan.counted_only"), doc: st });
    });
    return h("div", {}, form, h("details", { style: "margin-top:.75rem" }, h("summary", {}, t("scan.open_stocktake")),
      h("div", { class: "row", style: "margin-top:.5rem" }, field(t("col.location"), loc), h("label", { class: "check" }, full, t("scan.full_label")), openBtn)));
  },

  async oldpart(s, start) {
    const [dealers, stores] = await Promise.all([all("/dealers").catch(() => []), all("/locations", { kind: "old_parts" })]);
    const dealer = h("select", { id: "parcel-dealer" }, h("option", { value: "" }, t("scan.any_dealer")), dealers.map((d) => h("option", { value: d.code }, `${d.code} · ${d.name}`)));
    const store = locationSelect(stores, s.me, "old-parts-store");
    const out = h("div");
    return docForm(t("scan.kind.oldpart"), [
      field(t("scan.parcel_from"), dealer),
      field(t("LocationKind.old_parts"), store),
    ], out, async () => {
      start({
        kind: "oldpart",
        title: t("scan.old_parts_into", { store: store.value || t("LocationKind.old_parts") }),
        detail: dealer.value ? t("scan.parcel_of", { dealer: dealer.value }) : t("scan.any_dealer"),
        dealer: dealer.value || null,
        location: store.value || null,
      });
    });
  },
};

/** A document number input with the open documents as suggestions: `[wrapper, input]`. */
function docInput(kind, placeholder, options) {
  const listId = `${kind}-list`;
  const input = h("input", { id: "doc-number", list: listId, placeholder, autocomplete: "off", required: true, spellcheck: "false" });
  const list = h("datalist", { id: listId }, options.map(([v, label]) => h("option", { value: v }, label)));
  return [h("span", { class: "doc-input" }, input, list), input];
}

function openList(n, what) {
  return h("p", { class: "muted small", style: "flex-basis:100%;margin:0" }, n ? t(`scan.open.${what}`, { n }) : t(`scan.none_open.${what}`));
}

// ---- Scanning ----

function renderScanning(s, card, change) {
  const { setup } = s;
  const input = h("input", {
    class: "scan", id: "scan-input", autocomplete: "off", autocapitalize: "off", spellcheck: "false",
    inputmode: "text", enterkeyhint: "send", "aria-label": t("scan.barcode"),
    placeholder: t(setup.kind === "oldpart" ? "scan.scan_tag" : "scan.scan_barcode"),
  });
  const qty = h("input", { class: "qty", id: "scan-qty", type: "number", min: "1", step: "1", value: "1", "aria-label": t("scan.next_qty"), title: t("scan.next_qty") });
  const result = h("div", { class: "scan-result", id: "scan-result", "aria-live": "assertive" },
    h("div", { class: "title" }, t("scan.ready")), h("div", { class: "detail" }, t("scan.ready_detail")));
  const countOk = h("b", { id: "count-ok" }, "0");
  const countPending = h("b", { id: "count-pending" }, "0");
  const countErr = h("b", { id: "count-err" }, "0");
  const context = h("div", { id: "scan-context" });
  const summary = h("div", { id: "scan-summary" });
  const log = h("div", { class: "scan-log", id: "scan-log" });

  const changeBtn = h("button", { type: "button", id: "change", onclick: change }, t("scan.change"));
  mount(
    card,
    h("div", { class: "row", style: "justify-content:space-between;align-items:center" },
      h("div", {}, h("h2", { style: "margin:0" }, "3 · ", setup.title), h("div", { class: "muted" }, setup.detail)),
      changeBtn),
    h("div", { class: "scan-box", style: "margin-top:.75rem" }, input, setup.kind === "oldpart" ? null : qty),
    setup.kind === "oldpart" ? null : h("div", { class: "muted small" }, t("scan.qty_hint")),
    result,
    h("div", { class: "counters" },
      h("div", { class: "counter ok" }, t(setup.kind === "oldpart" ? "scan.tags_received" : "scan.units_posted"), countOk),
      h("div", { class: "counter" }, code("ScanState", "waiting"), countPending),
      h("div", { class: "counter err" }, code("ScanState", "refused"), countErr)),
    context,
    summary,
    h("h3", {}, t("scan.scans")),
    log,
  );
  card.classList.remove("hidden");

  const ui = { input, qty, result, countOk, countPending, countErr, context, summary, log, changeBtn };
  s.ui = ui;
  if (setup.doc) renderContext(s, setup.doc);
  renderLog(s);

  input.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" && !(ev.key === "Tab" && input.value.trim())) return;
    ev.preventDefault();
    const code = input.value.trim();
    input.value = "";
    if (!code) return;
    const n = setup.kind === "oldpart" ? 1 : Math.max(1, parseInt(qty.value, 10) || 1);
    qty.value = "1";
    enqueue(s, code, n);
  });
  qty.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      input.focus();
    }
  });
  // Keep the scanner's focus: a click on anything but a control returns it to the input.
  card.onclick = (ev) => {
    if (!ev.target.closest("input, select, textarea, button, a, summary")) input.focus();
  };
  input.focus();
  card.scrollIntoView({ behavior: "smooth", block: "start" });
}

function enqueue(s, code, qty) {
  const scan = { code, qty, key: newKey(), state: "waiting", at: new Date(), text: "" };
  s.queue.push(scan);
  s.log.unshift(scan);
  if (s.log.length > 300) s.log.length = 300;
  counters(s);
  renderLog(s);
  pump(s);
}

async function pump(s) {
  if (s.sending) return;
  s.sending = true;
  s.ui.changeBtn.disabled = true;
  try {
    while (s.queue.length) {
      const scan = s.queue[0];
      scan.state = "sending";
      renderLog(s);
      await send(s, scan);
      s.queue.shift();
      counters(s);
      renderLog(s);
    }
  } finally {
    s.sending = false;
    s.ui.changeBtn.disabled = false;
  }
}

/** Posts one scan; retries (same key) while the server cannot be reached or is busy. */
async function send(s, scan) {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await postScan(s, scan);
      scan.state = "ok";
      if (scan.part) {
        const row = s.perPart.get(scan.part.part_no) || { part: scan.part, units: 0 };
        row.units += scan.qty;
        s.perPart.set(scan.part.part_no, row);
      }
      s.units += scan.qty;
      showOk(s, scan, answer);
      return;
    } catch (e) {
      // Not reached, busy, or our own earlier try still being answered: try again, same key.
      const transient = e instanceof ApiError &&
        (e.status === 0 || e.status === 503 || e.status === 408 || e.code === "idempotency_in_flight");
      if (transient && attempt < RETRIES.length) {
        scan.state = "retrying";
        scan.text = `${problemText(e).title} — ${t("scan.retrying")}`;
        showBusy(s, scan);
        renderLog(s);
        await new Promise((r) => setTimeout(r, RETRIES[attempt]));
        continue;
      }
      scan.state = "refused";
      scan.error = e;
      scan.text = `${problemText(e).title}: ${problemText(e).text}`;
      s.errors += 1;
      showError(s, scan, e);
      return;
    }
  }
}

/** The part a scanned code names: a barcode, or a part number typed by hand. */
async function resolvePart(s, code) {
  if (s.parts.has(code)) return s.parts.get(code);
  let part;
  try {
    part = await get(`/parts/by-barcode/${seg(code)}`);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
    try {
      part = await get(`/parts/${seg(code)}`);
    } catch (e2) {
      if (e2 instanceof ApiError && e2.status === 404) throw e; // report the unknown barcode
      throw e2;
    }
  }
  s.parts.set(code, part);
  return part;
}

async function postScan(s, scan) {
  const { setup } = s;
  const opts = { key: scan.key };
  if (setup.kind === "oldpart") {
    const tag = await post("/old-parts/receipts", { tag: scan.code, dealer: setup.dealer, location: setup.location }, opts);
    scan.doc = tag.tag;
    return tag;
  }
  const part = await resolvePart(s, scan.code);
  scan.part = part;
  showBusy(s, scan);
  if (setup.draft) {
    const draft = await post(`/drafts/${seg(setup.number)}/scans`, { part_no: part.part_no, qty: scan.qty }, opts);
    scan.doc = draft.number;
    return draft;
  }
  switch (setup.kind) {
    case "receipt": {
      const body = { part_no: part.part_no, qty: scan.qty };
      if (setup.unitCost !== null && setup.unitCost !== undefined) body.unit_cost_fen = setup.unitCost;
      const draft = await post(`/drafts/${seg(setup.number)}/scans`, body, opts);
      scan.doc = draft.number;
      return draft;
    }
    case "transfer": {
      const tr = await post(`/stock/transfers/${seg(setup.number)}/receipts`, { lines: [{ part_no: part.part_no, qty: scan.qty }] }, opts);
      scan.doc = tr.number;
      return tr;
    }
    case "issue": {
      const r = await post(`/requisitions/${seg(setup.number)}/issues`, { part_no: part.part_no, qty: scan.qty }, opts);
      scan.doc = r.number;
      return r;
    }
    case "count": {
      const st = await post(`/stocktakes/${seg(setup.number)}/counts`, { part_no: part.part_no, qty: scan.qty }, opts);
      scan.doc = st.number;
      return st;
    }
  }
  throw new Error(`unknown kind ${setup.kind}`); // unreachable: the kinds are fixed above
}

function showBusy(s, scan) {
  const name = scan.part ? `${scan.part.part_no} · ${scan.part.name}` : scan.code;
  s.ui.result.className = "scan-result busy";
  mount(s.ui.result, h("div", { class: "title" }, name), h("div", { class: "detail" }, scan.state === "retrying" ? scan.text : t("scan.posting", { n: scan.qty })));
}

function showOk(s, scan, answer) {
  const { setup } = s;
  let title;
  let detail;
  switch (setup.draft ? "draft" : setup.kind) {
    case "draft": {
      const line = answer.lines.find((l) => l.part_no === scan.part.part_no);
      title = `+${scan.qty} ${scan.part.part_no} · ${scan.part.name}`;
      detail = `${answer.number}: ${t("scan.n_on_draft", { n: line ? line.qty : scan.qty })}${draftLimit(setup, scan.part.part_no)}`;
      renderContext(s, answer);
      break;
    }
    case "receipt": {
      const line = answer.lines.find((l) => l.part_no === scan.part.part_no) || answer.lines[0];
      title = `+${scan.qty} ${scan.part.part_no} · ${scan.part.name}`;
      detail = `${answer.number} · ${setup.location} · ${t("scan.each", { amount: yuan(line.unit_cost_fen) })}`;
      renderContext(s, answer);
      break;
    }
    case "transfer": {
      const line = answer.lines.find((l) => l.part_no === scan.part.part_no);
      title = `+${scan.qty} ${scan.part.part_no} · ${scan.part.name}`;
      detail = `${answer.number}: ${line ? t("scan.n_of_m_received", { n: line.received_qty, m: line.qty }) : t("TagStatus.received")} · ${code("TransferStatus", answer.status)}`;
      renderContext(s, answer);
      break;
    }
    case "issue": {
      const line = answer.lines.find((l) => l.part_no === scan.part.part_no);
      title = `${t("scan.issued", { n: scan.qty })} ${scan.part.part_no} · ${scan.part.name}`;
      detail = `${answer.number}: ${line ? t("scan.n_of_m_issued", { n: line.issued_qty, m: line.qty }) : t("RequisitionStatus.issued")} · ${code("RequisitionStatus", answer.status)}`;
      renderContext(s, answer);
      break;
    }
    case "count": {
      const c = answer.counts.find((x) => x.part_no === scan.part.part_no);
      title = `${t("scan.counted_plus", { n: scan.qty })} ${scan.part.part_no} · ${scan.part.name}`;
      detail = `${answer.number}: ${t("scan.counted_so_far", { n: c ? c.counted_qty : "?" })}`;
      renderContext(s, answer);
      break;
    }
    case "oldpart":
      title = `✓ ${answer.tag} · ${answer.part_no}`;
      detail = t("scan.tag_received", { claim: answer.claim, line: answer.line, dealer: answer.dealer, location: answer.location || t("LocationKind.old_parts") });
      break;
  }
  scan.text = detail;
  s.ui.result.className = "scan-result ok";
  mount(s.ui.result, h("div", { class: "title" }, "✓ ", title), h("div", { class: "detail" }, detail));
  renderSummary(s);
  beep(true);
}

function showError(s, scan, e) {
  s.ui.result.className = "scan-result err";
  mount(s.ui.result,
    h("div", { class: "title" }, "✗ ", problemText(e).title),
    h("div", { class: "detail" }, e.status !== undefined ? problemText(e).text : e.message),
    h("div", { class: "detail small mono" }, `${t("scan.scanned")} ${scan.code}${scan.qty > 1 ? ` × ${scan.qty}` : ""}`));
  beep(false);
}

function counters(s) {
  s.ui.countOk.textContent = String(s.units);
  s.ui.countPending.textContent = String(s.queue.length);
  s.ui.countErr.textContent = String(s.errors);
}

function renderLog(s) {
  mount(s.ui.log, table([
    { label: t("col.when"), cell: (r) => when(r.at), class: "hide-narrow" },
    { label: t("scan.scanned"), cell: (r) => h("span", { class: "mono" }, r.code) },
    { label: t("col.qty"), cell: (r) => r.qty, class: "num" },
    { label: t("col.part"), cell: (r) => (r.part ? `${r.part.part_no} ${r.part.name}` : "") , class: "hide-narrow" },
    { label: t("scan.result"), cell: (r) => [badge("ScanState", r.state === "ok" ? "posted" : r.state), " ", r.doc && r.state === "ok" ? h("span", { class: "mono small" }, r.doc) : null, r.state === "refused" || r.state === "retrying" ? h("div", { class: "small" }, r.text) : null] },
  ], s.log, { empty: t("scan.no_scans"), id: "scan-log-table" }));
}

function renderSummary(s) {
  if (!s.perPart.size) return mount(s.ui.summary);
  mount(s.ui.summary, h("h3", {}, t("scan.this_session")), table([
    { label: t("col.part"), cell: (r) => r.part.part_no },
    { label: t("col.name"), cell: (r) => r.part.name },
    { label: t("scan.units"), cell: (r) => r.units, class: "num" },
  ], [...s.perPart.values()]));
}

function renderContext(s, doc) {
  const { kind } = s.setup;
  if (kind === "receipt" || s.setup.draft) return renderDraft(s, doc);
  if (kind === "count") {
    const out = h("div");
    const postBtn = h("button", {
      id: "post-stocktake",
      onclick: () => busy(postBtn, out, async () => {
        if (s.queue.length || s.sending) throw new Error(t("scan.wait_for_scans"));
        if (!confirm(t("scan.post_question", { number: doc.number, account: `stock:adjustment ${accountName("stock:adjustment")}` }))) return;
        const posted = await post(`/stocktakes/${seg(doc.number)}/post`, {}, { key: newKey(), version: doc.version });
        s.ui.input.disabled = true;
        mount(s.ui.context, h("h3", {}, posted.number, " ", badge("StocktakeStatus", posted.status)), table([
          { label: t("col.part"), cell: (a) => a.part_no },
          { label: t("scan.col.booked"), cell: (a) => a.booked_qty, class: "num" },
          { label: t("scan.col.counted"), cell: (a) => a.counted_qty, class: "num" },
          { label: t("scan.col.variance"), cell: (a) => (a.qty_delta > 0 ? `+${a.qty_delta}` : a.qty_delta), class: "num" },
          { label: t("scan.col.value"), cell: (a) => yuan(a.value_delta_fen), class: "num" },
        ], posted.adjustments, { empty: t("scan.no_variances") }));
      }),
    }, t("scan.post_stocktake"));
    const previewOut = h("div", { id: "stocktake-preview" });
    const previewBtn = h("button", {
      type: "button",
      id: "preview-stocktake",
      onclick: () => busy(previewBtn, previewOut, async () => {
        const rows = await get(`/stocktakes/${seg(doc.number)}/preview`);
        mount(previewOut, h("h3", {}, t("stocktake.preview")), varianceTable(rows));
      }),
    }, t("stocktake.preview"));
    const setPart = h("input", { id: "set-count-part", placeholder: t("col.part"), autocomplete: "off" });
    const setQty = h("input", { id: "set-count-qty", type: "number", min: "0", step: "1", value: "0" });
    const setBtn = h("button", {
      type: "button",
      id: "set-count",
      onclick: () => busy(setBtn, previewOut, async () => {
        const part = await resolvePart(s, setPart.value.trim());
        const st = await post(`/stocktakes/${seg(doc.number)}/counts`, { part_no: part.part_no, counted_qty: Math.max(0, parseInt(setQty.value, 10) || 0) }, { key: newKey() });
        renderContext(s, st);
      }),
    }, t("stocktake.set_count"));
    mount(s.ui.context, h("h3", {}, doc.number, " ", badge("StocktakeStatus", doc.status), " ", t("scan.counted_heading")), table([
      { label: t("col.part"), cell: (c) => c.part_no },
      { label: t("scan.col.counted"), cell: (c) => c.counted_qty, class: "num" },
    ], doc.counts, { empty: t("scan.nothing_counted") }),
    doc.status === "open" ? h("div", { class: "row" }, field(t("col.part"), setPart), field(t("stocktake.counted"), setQty), setBtn) : null,
    doc.status === "open" ? h("div", { class: "actions" }, previewBtn, postBtn) : null, previewOut, out);
  }
}

/** " · of M" for a draft against a document: what the transfer or requisition still allows. */
function draftLimit(setup, partNo) {
  const line = setup.target && setup.target.lines.find((l) => l.part_no === partNo);
  if (!line) return "";
  const m = setup.kind === "issue" ? line.qty - line.issued_qty : line.qty - line.received_qty;
  return ` · ${t("scan.of_m", { m })}`;
}

function varianceTable(rows) {
  return table([
    { label: t("col.part"), cell: (a) => a.part_no },
    { label: t("stocktake.booked"), cell: (a) => a.booked_qty, class: "num" },
    { label: t("stocktake.counted"), cell: (a) => a.counted_qty, class: "num" },
    { label: t("stocktake.variance"), cell: (a) => (a.qty_delta > 0 ? `+${a.qty_delta}` : a.qty_delta), class: "num" },
    { label: t("stocktake.value"), cell: (a) => yuan(a.value_delta_fen), class: "num" },
  ], rows, { empty: t("stocktake.no_variance"), id: "variance-table" });
}

/** A receipt draft: its lines, each correctable or removable, posted once; once posted,
 * the receipt can be reversed (红冲) with a reason. */
function renderDraft(s, draft) {
  const out = h("div");
  const movements = h("div", { id: "requisition-movements" });
  const units = draft.lines.reduce((n, l) => n + l.qty, 0);
  const open = draft.status === "open";
  const lineRow = (l) => {
    const qty = h("input", { type: "number", min: "1", step: "1", value: String(l.qty), class: "qty", dataset: { line: String(l.line) }, "aria-label": t("drafts.qty") });
    const save = h("button", {
      type: "button", class: "correct-line",
      onclick: () => busy(save, out, async () => {
        renderDraft(s, await call("PUT", `/drafts/${seg(draft.number)}/lines/${l.line}`, { body: { qty: parseInt(qty.value, 10) || 0 }, version: draft.version }));
      }),
    }, t("drafts.save"));
    const remove = h("button", {
      type: "button", class: "remove-line",
      onclick: () => busy(remove, out, async () => {
        renderDraft(s, await call("DELETE", `/drafts/${seg(draft.number)}/lines/${l.line}`, { version: draft.version }));
      }),
    }, t("drafts.remove"));
    return { ...l, qtyCell: open ? qty : l.qty, actions: open ? [save, " ", remove] : null };
  };
  const postBtn = h("button", {
    class: "primary", id: "post-draft",
    onclick: () => busy(postBtn, out, async () => {
      if (s.queue.length || s.sending) throw new Error(t("scan.wait_for_scans"));
      const posted = await post(`/drafts/${seg(draft.number)}/post`, {}, { key: newKey(), version: draft.version });
      s.ui.input.disabled = true;
      renderDraft(s, posted);
    }),
  }, t("drafts.post"));
  const reason = h("input", { id: "reverse-reason", placeholder: t("reversal.reason"), autocomplete: "off" });
  const reversible = { receipt: "/stock/receipts", transfer_dispatch: "/stock/transfers" }[draft.kind];
  const reverseBtn = h("button", {
    id: "reverse",
    onclick: () => busy(reverseBtn, out, async () => {
      const rv = await post(`${reversible}/${seg(draft.posted_as)}/reversal`, { reason: reason.value }, { key: newKey() });
      mount(out, h("div", { class: "banner ok", id: "reversed" }, t("reversal.done", { original: rv.original, number: rv.number })));
    }),
  }, t("reversal.submit"));
  mount(s.ui.context,
    h("h3", {}, draft.number, draft.against ? ` · ${draft.against}` : "", " ", badge("DraftStatus", draft.status), " ", t("drafts.lines", { lines: draft.lines.length, qty: units })),
    table([
      { label: t("drafts.line"), cell: (l) => l.line, class: "num" },
      { label: t("col.part"), cell: (l) => l.part_no },
      draft.kind === "receipt" ? { label: t("drafts.unit_cost"), cell: (l) => yuan(l.unit_cost_fen), class: "num" } : null,
      { label: t("drafts.qty"), cell: (l) => l.qtyCell, class: "num" },
      { label: "", cell: (l) => l.actions },
    ].filter(Boolean), draft.lines.map(lineRow), { empty: t("drafts.empty"), id: "draft-lines" }),
    open ? h("div", { class: "actions" }, postBtn) : h("div", { class: "banner ok", id: "draft-posted" }, t("drafts.posted", { number: draft.posted_as })),
    draft.posted_as && reversible ? h("div", { class: "row" }, field(t("reversal.reason"), reason), reverseBtn) : null,
    out,
    movements);
  // An issue draft shows its requisition's issues and returns, each reversible (红冲).
  if (draft.kind === "issue") {
    get(`/requisitions/${seg(draft.against)}`).then((rq) => mount(movements, requisitionMovements(rq)), (e) => mount(out, errorBanner(e)));
  }
}

