// Recall and service campaigns (召回, 服务活动): the list, one campaign's completion by
// dealer and week as charts and its units, and the dealer's to-do list from which a campaign
// claim is filed with the kit and standard labor filled in.

import { get, post, qs, seg } from "./api.js";
import { bars } from "./charts.js";
import { code, t } from "./i18n.js";
import { badge, banner, busy, errorBanner, h, mount, table } from "./ui.js";

let body;
let me;

export async function render(main, who) {
  me = who;
  body = h("div", { id: "campaigns-body" });
  mount(main, h("h1", {}, t("campaigns.title")), body);
  await showList();
}

async function showList() {
  try {
    const parts = [];
    if (me.role === "dealer") parts.push(await todo());
    const list = await get("/campaigns");
    parts.push(
      h("h2", {}, t("campaigns.list")),
      table(
        [
          { label: t("campaigns.col.code"), cell: (c) => c.code },
          { label: t("campaigns.col.kind"), cell: (c) => code("CampaignKind", c.kind) },
          { label: t("campaigns.col.title"), cell: (c) => c.title },
          { label: t("campaigns.col.status"), cell: (c) => badge("CampaignStatus", c.status) },
          { label: t("campaigns.col.valid"), cell: (c) => `${c.valid_from_date} – ${c.valid_to_date}` },
          { label: t("campaigns.col.units"), cell: (c) => String(c.units), class: "num" },
        ],
        list,
        { id: "campaign-list", onRow: (c) => showDetail(c.code) },
      ),
    );
    mount(body, ...parts);
  } catch (err) {
    mount(body, errorBanner(err));
  }
}

async function todo() {
  const items = await get("/campaign-todo");
  const out = h("div", { id: "todo-result" });
  const file = (item, button) =>
    busy(button, out, async () => {
      const path = `/campaigns/${seg(item.campaign.code)}/claim-template${qs({ unit: item.serial })}`;
      const claim = await post("/claims", await get(path));
      const done = await post(`/claims/${seg(claim.number)}/submit`, {});
      const errors = done.findings.filter((f) => f.severity === "error");
      await showList();
      mount(
        document.getElementById("todo-result") || body,
        errors.length
          ? banner("warn", t("campaigns.filed_rejected", { number: claim.number }), " ", errors.map((f) => code("FindingCode", f.code)).join("、"))
          : banner("ok", t("campaigns.filed", { number: claim.number, serial: item.serial })),
      );
    });
  return h(
    "section",
    { class: "card" },
    h("h2", {}, t("campaigns.todo")),
    out,
    table(
      [
        { label: t("campaigns.col.code"), cell: (i) => i.campaign.code },
        { label: t("campaigns.col.title"), cell: (i) => i.campaign.title },
        { label: t("campaigns.col.serial"), cell: (i) => i.serial },
        { label: t("campaigns.col.valid_to"), cell: (i) => i.campaign.valid_to_date },
        {
          label: "",
          cell: (i) => {
            const b = h("button", { type: "button", class: "primary", dataset: { serial: i.serial }, onclick: () => file(i, b) }, t("campaigns.file_claim"));
            return b;
          },
        },
      ],
      items,
      { id: "campaign-todo", empty: t("campaigns.todo_empty") },
    ),
  );
}

const SERIES = () => [
  { name: t("campaigns.completed"), color: "#15803d" },
  { name: t("campaigns.outstanding"), color: "#d97706" },
  { name: t("campaigns.not_applicable"), color: "#6b7280" },
];

const values = (x) => [x.completed, x.outstanding, x.not_applicable];

async function showDetail(campaignCode) {
  try {
    const report = await get(`/campaigns/${seg(campaignCode)}/completion`);
    const units = await get(`/campaigns/${seg(campaignCode)}/units${qs({ limit: 200 })}`);
    const c = report.campaign;
    const tot = report.total;
    const all = tot.completed + tot.outstanding + tot.not_applicable;
    const pct = all ? Math.round(((tot.completed + tot.not_applicable) * 100) / all) : 0;
    mount(
      body,
      h("p", {}, h("button", { type: "button", id: "campaign-back", onclick: showList }, t("campaigns.back"))),
      h("h2", { id: "campaign-title" }, `${c.code} · ${c.title}`),
      h("p", {}, badge("CampaignStatus", c.status), " ", code("CampaignKind", c.kind), " · ",
        `${c.valid_from_date} – ${c.valid_to_date}`, " · ", t("campaigns.labor", { op: c.labor_operation, minutes: c.standard_minutes })),
      h("p", { id: "campaign-progress" }, t("campaigns.progress", { done: tot.completed + tot.not_applicable, all, pct })),
      h("section", { class: "card", id: "campaign-by-dealer" }, h("h3", {}, t("campaigns.by_dealer")),
        bars(report.dealers.map((d) => ({ label: d.dealer, values: values(d) })), SERIES(), { title: t("campaigns.by_dealer") })),
      h("section", { class: "card", id: "campaign-by-week" }, h("h3", {}, t("campaigns.by_week")),
        bars(report.weeks.map((w) => ({ label: w.week_date.slice(5), values: values(w) })), SERIES(), { title: t("campaigns.by_week") })),
      h("h3", {}, t("campaigns.units")),
      table(
        [
          { label: t("campaigns.col.serial"), cell: (u) => u.serial },
          { label: t("campaigns.col.dealer"), cell: (u) => u.dealer },
          { label: t("campaigns.col.state"), cell: (u) => code("CampaignUnitState", u.state) },
          { label: t("campaigns.col.claim"), cell: (u) => u.claim || "" },
          { label: t("campaigns.col.done"), cell: (u) => u.done_date || "" },
          { label: t("campaigns.col.reason"), cell: (u) => u.reason || "" },
        ],
        units,
        { id: "campaign-units" },
      ),
    );
  } catch (err) {
    mount(body, errorBanner(err));
  }
}
