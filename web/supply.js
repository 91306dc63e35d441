// Dealer parts supply (款到发货): the dealer orders parts with its funds in view, releases
// orders once paid, opens its delivery notes (销售发货清单) and asks for returns (返厂);
// the warehouse picks and ships released orders by scan; finance records payments, sees
// each dealer's funds and sets credit limits.

import { all, get, newKey, post, seg } from "./api.js";
import { attachmentsCard } from "./attachments.js";
import { code, problemText, t } from "./i18n.js";
import { badge, beep, busy, errorBanner, field, h, modal, mount, openHtml, table, tabs, toFen, today, when, yuan } from "./ui.js";

let me;
let body;
let viewSeq = 0;

const TABS = [
  { id: "order", roles: ["admin", "dealer"] },
  { id: "orders", roles: ["admin", "dealer", "finance"] },
  { id: "shipments", roles: ["admin", "dealer", "finance", "clerk"] },
  { id: "returns", roles: ["admin", "dealer", "finance", "clerk"] },
  { id: "picking", roles: ["admin", "clerk"] },
  { id: "funds", roles: ["admin", "finance"] },
  { id: "payments", roles: ["admin", "finance"] },
];

const VIEWS = {
  order: () => showOrderForm(),
  orders: () => showOrders(),
  shipments: () => showShipments(),
  returns: () => showReturns(),
  picking: () => showPicking(),
  funds: () => showFunds(),
  payments: () => showPayments(),
};

export async function render(main, who) {
  me = who;
  body = h("div", { id: "supply-body" });
  const items = TABS.filter((x) => x.roles.includes(me.role)).map((x) => ({ id: x.id, label: t(`supply.tab.${x.id}`) }));
  const bar = tabs(items, items[0].id, (id) => VIEWS[id]());
  mount(main, h("h1", {}, t("supply.title")), bar, body);
}

/** Shows the loading note; answers a painter that fills the page only while this view is current. */
function loading() {
  const id = ++viewSeq;
  mount(body, h("p", { class: "muted" }, t("common.loading")));
  return (...children) => id === viewSeq && mount(body, ...children);
}

async function guard(paint, fn) {
  try {
    await fn();
  } catch (e) {
    paint(errorBanner(e));
  }
}

/** The dealer's funds: balance, held, credit limit and what is still available. */
function fundsCard(f) {
  const cell = (key, fen, id) => h("div", { class: "stat" }, h("div", { class: "small muted" }, t(key)), h("b", { id }, yuan(fen)));
  return h("div", { class: "card row", id: "funds", dataset: { dealer: f.dealer } },
    cell("supply.funds.paid", -f.balance_fen, "funds-paid"),
    cell("supply.funds.held", f.held_fen, "funds-held"),
    cell("supply.funds.credit", f.credit_limit_fen, "funds-credit"),
    cell("supply.funds.available", f.available_fen, "funds-available"));
}

// ---- The dealer's order form ----

async function showOrderForm() {
  const paint = loading();
  await guard(paint, async () => {
    const dealer = me.dealer || (await all("/dealers", {}, 1))[0]?.code;
    const funds = await get(`/dealers/${seg(dealer)}/funds`);
    const lines = new Map(); // part_no → {part, qty}
    const out = h("div", { id: "order-out" });
    const linesBox = h("div", { id: "order-lines" });
    const results = h("div", { id: "part-results" });
    const q = h("input", { id: "part-search", type: "search", placeholder: t("supply.search_placeholder"), autocomplete: "off" });
    const note = h("input", { id: "order-note", maxlength: "200" });
    const redraw = () => {
      const rows = [...lines.values()];
      const total = rows.reduce((s, l) => s + l.qty * l.part.dealer_price_fen, 0);
      mount(linesBox, table([
        { label: t("col.part"), cell: (l) => [h("b", {}, l.part.part_no), " ", l.part.name] },
        { label: t("supply.col.price"), cell: (l) => yuan(l.part.dealer_price_fen), class: "num" },
        { label: t("col.qty"), cell: (l) => h("input", { type: "number", min: "1", step: "1", value: String(l.qty), class: "qty", dataset: { part: l.part.part_no },
          onchange: (ev) => { const n = Number(ev.target.value); if (Number.isInteger(n) && n > 0) l.qty = n; else lines.delete(l.part.part_no); redraw(); } }) },
        { label: t("col.amount"), cell: (l) => yuan(l.qty * l.part.dealer_price_fen), class: "num" },
        { label: "", cell: (l) => h("button", { onclick: () => { lines.delete(l.part.part_no); redraw(); } }, t("supply.remove")) },
      ], rows, { empty: t("supply.no_lines"), id: "order-lines-table" }),
      h("p", {}, t("col.total"), " ", h("b", { id: "order-total" }, yuan(total)),
        total > funds.available_fen ? h("span", { class: "muted", id: "order-short" }, " · ", t("supply.will_be_short", { shortfall: yuan(total - funds.available_fen) })) : null));
    };
    const search = async () => {
      const found = await all("/parts", { q: q.value.trim() }, 20);
      mount(results, table([
        { label: t("col.part"), cell: (p) => h("b", {}, p.part_no) },
        { label: t("col.name"), cell: (p) => p.name },
        { label: t("supply.col.price"), cell: (p) => yuan(p.dealer_price_fen), class: "num" },
        { label: "", cell: (p) => h("button", { class: "add-part", dataset: { part: p.part_no }, onclick: () => {
          const l = lines.get(p.part_no);
          if (l) l.qty += 1;
          else lines.set(p.part_no, { part: p, qty: 1 });
          redraw();
        } }, t("supply.add")) },
      ], found.slice(0, 20), { empty: t("supply.no_parts"), id: "part-results-table" }));
    };
    q.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); busy(null, results, search); } });
    const place = h("button", { class: "primary", id: "place-order", onclick: () => busy(place, out, async () => {
      if (!lines.size) throw new Error(t("supply.no_lines"));
      const input = { lines: [...lines.values()].map((l) => ({ part_no: l.part.part_no, qty: l.qty })), note: note.value.trim() || undefined };
      if (!me.dealer) input.dealer = dealer;
      const order = await post("/parts-orders", input, { key: newKey() });
      const sent = await post(`/parts-orders/${seg(order.number)}/submit`, {}, { key: newKey(), version: order.version });
      showOrder(sent.number, sent);
    }) }, t("supply.place_order"));
    paint(
      fundsCard(funds),
      h("div", { class: "card" }, h("h2", {}, t("supply.new_order")),
        h("div", { class: "row" }, field(t("supply.search"), q), h("button", { id: "part-search-go", onclick: (ev) => busy(ev.target, results, search) }, t("supply.search_go"))),
        results, h("h3", {}, t("supply.order_lines")), linesBox, field(t("supply.note"), note), h("div", { class: "row" }, place), out),
    );
    redraw();
  });
}

// ---- Orders ----

async function showOrders() {
  const paint = loading();
  await guard(paint, async () => {
    const orders = await all("/parts-orders", {}, 2000);
    paint(h("div", { class: "card" }, table([
      { label: t("col.number"), cell: (o) => h("b", {}, o.number) },
      { label: t("col.dealer"), cell: (o) => o.dealer },
      { label: t("col.status"), cell: (o) => badge("OrderStatus", o.status) },
      { label: t("col.total"), cell: (o) => yuan(o.total_fen), class: "num" },
      { label: t("supply.col.shipped"), cell: (o) => yuan(o.shipped_fen), class: "num" },
      { label: t("col.updated"), cell: (o) => when(o.updated_at), class: "hide-narrow" },
    ], orders, { empty: t("supply.no_orders"), id: "orders-table", onRow: (o) => showOrder(o.number, o) })));
  });
}

async function showOrder(number, known) {
  const paint = loading();
  await guard(paint, async () => {
    const o = known || (await get(`/parts-orders/${seg(number)}`));
    const [funds, shipments] = await Promise.all([
      me.role === "clerk" ? null : get(`/dealers/${seg(o.dealer)}/funds`),
      all("/shipments", { order: o.number }, 200),
    ]);
    const out = h("div", { id: "order-out" });
    const act = (id, label, path) => h("button", { id, class: id === "release-order" ? "primary" : undefined, onclick: (ev) => busy(ev.target, out, async () => {
      const next = await post(`/parts-orders/${seg(o.number)}/${path}`, {}, { key: newKey(), version: o.version });
      showOrder(next.number, next);
    }) }, label);
    const open = o.status === "submitted" || o.status === "released" || o.status === "partially_shipped";
    paint(
      funds && me.role !== "clerk" ? fundsCard(funds) : null,
      h("div", { class: "card" },
        h("h2", { id: "order-number" }, o.number, " ", badge("OrderStatus", o.status)),
        h("p", { class: "muted" }, o.dealer, " · ", when(o.created_at), o.note ? ` · ${o.note}` : ""),
        table([
          { label: "#", cell: (l) => l.line, class: "num" },
          { label: t("col.part"), cell: (l) => h("b", {}, l.part_no) },
          { label: t("col.qty"), cell: (l) => l.qty, class: "num" },
          { label: t("supply.col.price"), cell: (l) => yuan(l.unit_price_fen), class: "num" },
          { label: t("col.amount"), cell: (l) => yuan(l.amount_fen), class: "num" },
          { label: t("supply.col.shipped_qty"), cell: (l) => l.shipped_qty, class: "num" },
          { label: t("supply.col.backorder"), cell: (l) => (open ? l.qty - l.shipped_qty : 0), class: "num" },
        ], o.lines, { id: "order-lines-table" }),
        h("p", {}, t("col.total"), " ", h("b", {}, yuan(o.total_fen)), " · ", t("supply.held"), " ", yuan(o.held_fen)),
        h("div", { class: "row" },
          o.status === "draft" ? act("submit-order", t("supply.submit"), "submit") : null,
          o.status === "submitted" && me.role !== "clerk" ? act("release-order", t("supply.release"), "release") : null,
          ["draft", "submitted", "released", "partially_shipped"].includes(o.status) && me.role !== "clerk" ? act("cancel-order", t("supply.cancel"), "cancel") : null,
          h("button", { onclick: () => showOrders() }, t("supply.back"))),
        out),
      shipments.length ? h("div", { class: "card" }, h("h2", {}, t("supply.tab.shipments")), shipmentsTable(shipments)) : null,
    );
  });
}

// ---- Shipments and delivery notes ----

function shipmentsTable(rows, extra = []) {
  return table([
    { label: t("col.number"), cell: (s) => h("b", {}, s.number) },
    { label: t("supply.col.order"), cell: (s) => s.order },
    { label: t("col.dealer"), cell: (s) => s.dealer },
    { label: t("supply.col.value"), cell: (s) => yuan(s.price_fen), class: "num" },
    { label: t("supply.col.shipped_at"), cell: (s) => when(s.shipped_at) },
    { label: t("supply.col.signed"), cell: (s) => (s.acknowledged_at ? when(s.acknowledged_at) : t("supply.unsigned")) },
    { label: "", cell: (s) => h("button", { class: "delivery-note", dataset: { shipment: s.number }, onclick: () => openHtml(`/shipments/${seg(s.number)}/delivery-note`) }, t("supply.delivery_note")) },
    ...extra,
  ], rows, { empty: t("supply.no_shipments"), id: "shipments-table" });
}

async function showShipments(overdue = false) {
  const paint = loading();
  await guard(paint, async () => {
    const rows = await all("/shipments", { overdue: overdue ? "true" : "" }, 2000);
    const only = h("input", { type: "checkbox", id: "overdue-only", checked: overdue, onchange: () => showShipments(only.checked) });
    const out = h("div", { id: "ack-out" });
    const extra = me.role === "dealer" ? [] : [{ label: "", cell: (s) => (s.acknowledged_at ? s.signed_copy_ref || "" : h("button", { class: "acknowledge", dataset: { shipment: s.number }, onclick: () => acknowledge(s, out) }, t("supply.acknowledge"))) }];
    extra.push({ label: "", cell: (s) => h("button", { class: "signed-copy", dataset: { shipment: s.number }, onclick: () => modal(t("supply.signed_copy_title", { number: s.number }), attachmentsCard(s.number, { canAdd: me.role !== "finance" })) }, t("supply.signed_copy")) });
    paint(h("div", { class: "card" },
      h("label", { class: "row" }, only, t("supply.overdue_only")), out,
      shipmentsTable(rows, extra)));
  });
}

/** Records the signed delivery note that came back, with where the copy is kept. */
function acknowledge(s, out) {
  const ref = h("input", { id: "ack-ref", autocomplete: "off" });
  const save = h("button", { class: "primary", id: "ack-save", onclick: () => busy(save, out, async () => {
    await post(`/shipments/${seg(s.number)}/acknowledgement`, { signed_copy_ref: ref.value.trim() || undefined }, { key: newKey(), version: s.version });
    dlg.close();
    showShipments();
  }) }, t("supply.acknowledge"));
  const dlg = modal(t("supply.acknowledge_title", { number: s.number }), h("div", {}, field(t("supply.signed_copy_ref"), ref), h("div", { class: "row" }, save),
    attachmentsCard(s.number, { canAdd: me.role !== "finance" })));
}

// ---- Returns (返厂) ----

async function showReturns() {
  const paint = loading();
  await guard(paint, async () => {
    const rows = await all("/dealer-returns", {}, 2000);
    const canAsk = me.role === "dealer" || me.role === "admin" || me.role === "finance";
    paint(
      canAsk ? returnForm() : null,
      h("div", { class: "card" }, table([
        { label: t("col.number"), cell: (r) => h("b", {}, r.number) },
        { label: t("supply.col.shipment"), cell: (r) => r.shipment },
        { label: t("col.dealer"), cell: (r) => r.dealer },
        { label: t("supply.col.reason"), cell: (r) => code("ReturnReason", r.reason) },
        { label: t("col.status"), cell: (r) => badge("ReturnStatus", r.status) },
        { label: t("supply.col.credit"), cell: (r) => yuan(r.price_fen), class: "num" },
        { label: t("supply.col.freight"), cell: (r) => `${yuan(r.freight_fen)} · ${code("FreightPayer", r.freight_paid_by)}` },
        { label: t("col.updated"), cell: (r) => when(r.updated_at), class: "hide-narrow" },
      ], rows, { empty: t("supply.no_returns"), id: "returns-table", onRow: (r) => (r.status === "requested" && (me.role === "clerk" || me.role === "admin") ? receiveReturn(r) : null) })),
    );
  });
}

/** The warehouse receives a requested return, by scan (the scans must come to what it lists) or as listed. */
async function receiveReturn(r) {
  const paint = loading();
  await guard(paint, async () => {
    const locations = (await all("/locations", {}, 2000)).filter((l) => l.kind === "warehouse");
    const location = h("select", { id: "receive-location" }, locations.map((l) => h("option", { value: l.code }, `${l.code} · ${l.name}`)));
    const scans = [];
    const count = h("b", { id: "receive-count" }, "0");
    const scan = h("input", { class: "scan", id: "receive-scan", autocomplete: "off", autocapitalize: "off", spellcheck: "false", placeholder: t("supply.scan_placeholder") });
    scan.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      const text = scan.value.trim();
      scan.value = "";
      if (!text) return;
      scans.push(r.lines.some((l) => l.part_no === text.toUpperCase()) ? { part_no: text.toUpperCase() } : { barcode: text });
      count.textContent = String(scans.length);
      beep(true);
    });
    const out = h("div", { id: "receive-out" });
    const receive = h("button", { class: "primary", id: "receive-return", onclick: () => busy(receive, out, async () => {
      const done = await post(`/dealer-returns/${seg(r.number)}/receipt`, { location: location.value, lines: scans.length ? scans : undefined }, { key: newKey(), version: r.version });
      mount(out, h("div", { class: "banner ok", id: "return-received" }, t("supply.return_received", { number: done.number, location: done.location })));
    }) }, t("supply.receive_return"));
    paint(h("div", { class: "card" },
      h("h2", {}, r.number, " · ", r.dealer, " · ", code("ReturnReason", r.reason)),
      table([
        { label: "#", cell: (l) => l.line, class: "num" },
        { label: t("col.part"), cell: (l) => h("b", {}, l.part_no) },
        { label: t("col.qty"), cell: (l) => l.qty, class: "num" },
      ], r.lines, { id: "receive-lines" }),
      h("div", { class: "row" }, field(t("col.location"), location)),
      field(t("supply.scan"), scan), h("p", {}, t("supply.scanned_count"), " ", count),
      h("div", { class: "row" }, receive, h("button", { onclick: () => showReturns() }, t("supply.back"))), out));
    scan.focus();
  });
}

function returnForm() {
  const out = h("div", { id: "return-out" });
  const shipment = h("input", { id: "return-shipment", placeholder: "SH-000001" });
  const reason = h("select", { id: "return-reason" }, ["quality", "dealer_disassembled", "unsold"].map((r) => h("option", { value: r }, code("ReturnReason", r))));
  const payer = h("select", { id: "return-payer" }, ["dealer", "company"].map((r) => h("option", { value: r }, code("FreightPayer", r))));
  const freight = h("input", { id: "return-freight", inputmode: "decimal", placeholder: "0.00" });
  const labor = h("input", { id: "return-labor", inputmode: "decimal", placeholder: "0.00" });
  const lines = h("div", { id: "return-lines" });
  let shown = null;
  const load = async () => {
    shown = await get(`/shipments/${seg(shipment.value.trim().toUpperCase())}`);
    mount(lines, table([
      { label: "#", cell: (l) => l.line, class: "num" },
      { label: t("col.part"), cell: (l) => h("b", {}, l.part_no) },
      { label: t("supply.col.shipped_qty"), cell: (l) => l.qty, class: "num" },
      { label: t("supply.col.returnable"), cell: (l) => l.qty - l.returned_qty - l.pending_return_qty, class: "num" },
      { label: t("col.qty"), cell: (l) => h("input", { type: "number", min: "0", step: "1", value: "0", class: "return-qty", dataset: { line: String(l.line) } }) },
    ], shown.lines, { id: "return-lines-table" }));
  };
  const send = h("button", { class: "primary", id: "request-return", onclick: () => busy(send, out, async () => {
    if (!shown) await load();
    const picked = [...lines.querySelectorAll(".return-qty")].map((i) => ({ shipment_line: Number(i.dataset.line), qty: Number(i.value) })).filter((l) => l.qty > 0);
    const money = (input) => {
      const f = toFen(input.value);
      if (Number.isNaN(f)) throw new Error(t("supply.bad_amount"));
      return f ?? 0;
    };
    const r = await post("/dealer-returns", {
      shipment: shown.number, reason: reason.value, freight_paid_by: payer.value,
      freight_fen: money(freight), labor_fen: money(labor), lines: picked,
    }, { key: newKey() });
    mount(out, h("div", { class: "banner ok", id: "return-requested" }, t("supply.return_requested", { number: r.number })));
    setTimeout(showReturns, 800);
  }) }, t("supply.request_return"));
  return h("div", { class: "card" }, h("h2", {}, t("supply.new_return")),
    h("div", { class: "row" }, field(t("supply.col.shipment"), shipment), h("button", { id: "return-load", onclick: (ev) => busy(ev.target, out, load) }, t("supply.load_shipment"))),
    lines,
    h("div", { class: "row" }, field(t("supply.col.reason"), reason), field(t("supply.freight"), freight), field(t("supply.freight_payer"), payer), field(t("supply.labor"), labor)),
    h("div", { class: "row" }, send), out);
}

// ---- Picking and shipping by scan ----

async function showPicking() {
  const paint = loading();
  await guard(paint, async () => {
    const [released, partial] = await Promise.all([all("/parts-orders", { status: "released" }), all("/parts-orders", { status: "partially_shipped" })]);
    const rows = [...released, ...partial].sort((a, b) => a.number.localeCompare(b.number));
    paint(h("div", { class: "card" }, h("h2", {}, t("supply.to_pick")), table([
      { label: t("col.number"), cell: (o) => h("b", {}, o.number) },
      { label: t("col.dealer"), cell: (o) => o.dealer },
      { label: t("col.status"), cell: (o) => badge("OrderStatus", o.status) },
      { label: t("supply.col.open_lines"), cell: (o) => o.lines.filter((l) => l.shipped_qty < l.qty).length, class: "num" },
      { label: t("supply.col.released_at"), cell: (o) => when(o.released_at) },
    ], rows, { empty: t("supply.nothing_to_pick"), id: "picking-table", onRow: (o) => pick(o) })));
  });
}

async function pick(order) {
  const paint = loading();
  await guard(paint, async () => {
    const locations = (await all("/locations", {}, 2000)).filter((l) => l.kind === "warehouse");
    const scanned = new Map(); // part_no → qty
    const open = new Map(order.lines.map((l) => [l.part_no, l.qty - l.shipped_qty]));
    const location = h("select", { id: "pick-location" }, locations.map((l) => h("option", { value: l.code }, `${l.code} · ${l.name}`)));
    const carrier = h("input", { id: "pick-carrier", autocomplete: "off" });
    const result = h("div", { class: "scan-result", id: "pick-result" }, t("supply.scan_hint"));
    const list = h("div", { id: "pick-lines" });
    const out = h("div", { id: "pick-out" });
    const redraw = () => mount(list, table([
      { label: "#", cell: (l) => l.line, class: "num" },
      { label: t("col.part"), cell: (l) => h("b", {}, l.part_no) },
      { label: t("supply.col.to_ship"), cell: (l) => l.qty - l.shipped_qty, class: "num" },
      { label: t("supply.col.scanned"), cell: (l) => h("span", { class: "scanned", dataset: { part: l.part_no } }, String(scanned.get(l.part_no) || 0)), class: "num" },
    ], order.lines, { id: "pick-table" }));
    const say = (ok, ...text) => {
      result.className = `scan-result ${ok ? "ok" : "err"}`;
      mount(result, ...text);
      beep(ok);
    };
    const scan = h("input", { class: "scan", id: "pick-scan", autocomplete: "off", autocapitalize: "off", spellcheck: "false", placeholder: t("supply.scan_placeholder") });
    const queue = [];
    let working = false;
    const work = async () => {
      if (working) return;
      working = true;
      while (queue.length) {
        const text = queue.shift();
        try {
          const partNo = open.has(text.toUpperCase()) ? text.toUpperCase() : (await get(`/parts/by-barcode/${seg(text)}`)).part_no;
          const room = open.get(partNo);
          const have = scanned.get(partNo) || 0;
          if (room === undefined) say(false, t("supply.scan_not_on_order", { part_no: partNo, order: order.number }));
          else if (have + 1 > room) say(false, t("supply.scan_too_many", { part_no: partNo, available: room }));
          else {
            scanned.set(partNo, have + 1);
            say(true, h("b", {}, partNo), ` · ${have + 1} / ${room}`);
            redraw();
          }
        } catch (e) {
          const p = problemText(e);
          say(false, h("b", {}, p.title), " ", p.text);
        }
      }
      working = false;
    };
    scan.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      const text = scan.value.trim();
      scan.value = "";
      if (text) { queue.push(text); work(); }
    });
    const ship = h("button", { class: "primary", id: "ship-order", onclick: () => busy(ship, out, async () => {
      const lines = [...scanned.entries()].filter(([, q]) => q > 0).map(([part_no, qty]) => ({ part_no, qty }));
      if (!lines.length) throw new Error(t("supply.nothing_scanned"));
      const s = await post(`/parts-orders/${seg(order.number)}/shipments`, { location: location.value, carrier_ref: carrier.value.trim() || undefined, lines }, { key: newKey() });
      mount(out, h("div", { class: "banner ok", id: "shipped" }, t("supply.shipped", { number: s.number, value: yuan(s.price_fen) }), " ",
        h("button", { class: "delivery-note", onclick: () => openHtml(`/shipments/${seg(s.number)}/delivery-note`) }, t("supply.delivery_note"))));
      scanned.clear();
      order = await get(`/parts-orders/${seg(order.number)}`);
      for (const l of order.lines) open.set(l.part_no, l.qty - l.shipped_qty);
      redraw();
    }) }, t("supply.ship"));
    paint(h("div", { class: "card" },
      h("h2", { id: "pick-order" }, t("supply.picking_list", { number: order.number }), " · ", order.dealer),
      h("div", { class: "row" }, field(t("col.location"), location), field(t("supply.carrier"), carrier)),
      field(t("supply.scan"), scan), result, list,
      h("div", { class: "row" }, ship, h("button", { onclick: () => showPicking() }, t("supply.back"))), out));
    redraw();
    scan.focus();
  });
}

// ---- Finance: funds, credit limits, payments ----

async function showFunds() {
  const paint = loading();
  await guard(paint, async () => {
    const dealers = await all("/dealers", {}, 2000);
    const funds = await Promise.all(dealers.map((d) => get(`/dealers/${seg(d.code)}/funds`)));
    const out = h("div", { id: "funds-out" });
    paint(h("div", { class: "card" }, table([
      { label: t("col.dealer"), cell: (f) => h("b", {}, f.dealer) },
      { label: t("supply.funds.paid"), cell: (f) => yuan(-f.balance_fen), class: "num" },
      { label: t("supply.funds.held"), cell: (f) => yuan(f.held_fen), class: "num" },
      { label: t("supply.funds.credit"), cell: (f) => h("input", { class: "credit-limit", inputmode: "decimal", size: "10", value: (f.credit_limit_fen / 100).toFixed(2), dataset: { dealer: f.dealer } }) },
      { label: t("supply.funds.available"), cell: (f) => h("span", { class: "available", dataset: { dealer: f.dealer } }, yuan(f.available_fen)), class: "num" },
      { label: "", cell: (f) => h("button", { class: "set-credit", dataset: { dealer: f.dealer }, onclick: (ev) => busy(ev.target, out, async () => {
        const fen = toFen(document.querySelector(`.credit-limit[data-dealer="${f.dealer}"]`).value);
        if (fen === null || Number.isNaN(fen)) throw new Error(t("supply.bad_amount"));
        await post(`/dealers/${seg(f.dealer)}/credit-limit`, { credit_limit_fen: fen }, { key: newKey() });
        showFunds();
      }) }, t("supply.set_credit")) },
    ], funds, { id: "funds-table" }), out));
  });
}

async function showPayments() {
  const paint = loading();
  await guard(paint, async () => {
    const [dealers, payments] = await Promise.all([all("/dealers", {}, 2000), all("/dealer-payments", {}, 2000)]);
    const out = h("div", { id: "payment-out" });
    const dealer = h("select", { id: "payment-dealer" }, dealers.map((d) => h("option", { value: d.code }, `${d.code} · ${d.name}`)));
    const amount = h("input", { id: "payment-amount", inputmode: "decimal", placeholder: "0.00" });
    const reference = h("input", { id: "payment-reference", autocomplete: "off" });
    const received = h("input", { id: "payment-date", type: "date", value: today() });
    const record = h("button", { class: "primary", id: "record-payment", onclick: () => busy(record, out, async () => {
      const fen = toFen(amount.value);
      if (fen === null || Number.isNaN(fen) || fen <= 0) throw new Error(t("supply.bad_amount"));
      const p = await post("/dealer-payments", { dealer: dealer.value, amount_fen: fen, reference: reference.value.trim(), received_date: received.value }, { key: newKey() });
      const f = await get(`/dealers/${seg(p.dealer)}/funds`);
      mount(out, h("div", { class: "banner ok", id: "payment-recorded" }, t("supply.payment_recorded", { number: p.number, dealer: p.dealer, amount: yuan(p.amount_fen), available: yuan(f.available_fen) })));
    }) }, t("supply.record_payment"));
    paint(
      h("div", { class: "card" }, h("h2", {}, t("supply.new_payment")),
        h("div", { class: "row" }, field(t("col.dealer"), dealer), field(t("col.amount"), amount), field(t("supply.reference"), reference), field(t("supply.received_date"), received)),
        h("div", { class: "row" }, record), out),
      h("div", { class: "card" }, table([
        { label: t("col.number"), cell: (p) => h("b", {}, p.number) },
        { label: t("col.dealer"), cell: (p) => p.dealer },
        { label: t("col.amount"), cell: (p) => yuan(p.amount_fen), class: "num" },
        { label: t("supply.reference"), cell: (p) => p.reference },
        { label: t("supply.received_date"), cell: (p) => p.received_date },
        { label: t("supply.col.recorded_at"), cell: (p) => when(p.recorded_at), class: "hide-narrow" },
      ], payments, { empty: t("supply.no_payments"), id: "payments-table" })),
    );
  });
}
