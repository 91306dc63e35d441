// The shell: who is signed in, the navigation their role may use, the language switch, and
// the page itself.

import { ApiError, setToken, token, whoami } from "./api.js";
import { code, htmlLang, lang, setLang, t } from "./i18n.js";
import { h, mount } from "./ui.js";

/** Pages, the roles that use them, and their modules. */
const PAGES = [
  { id: "scan", roles: ["admin", "clerk", "dealer"], module: "./scan.js" },
  { id: "dealer", roles: ["admin", "dealer"], module: "./dealer.js" },
  { id: "approvals", roles: ["admin", "supervisor"], module: "./approvals.js" },
  { id: "review", roles: ["admin", "reviewer"], module: "./review.js" },
  { id: "finance", roles: ["admin", "finance"], module: "./finance.js" },
  { id: "service", roles: ["admin", "clerk", "supervisor", "dealer"], module: "./service.js" },
  { id: "service-kpi", roles: ["admin", "clerk", "supervisor", "reviewer", "finance", "dealer"], module: "./service-kpi.js" },
  { id: "supply", roles: ["admin", "clerk", "dealer", "finance"], module: "./supply.js" },
  { id: "analytics", roles: ["admin", "reviewer", "finance"], module: "./analytics.js" },
  { id: "lists", roles: ["admin", "clerk", "dealer", "supervisor", "reviewer", "finance"], module: "./lists.js" },
  { id: "part-ledger", roles: ["admin", "clerk", "dealer", "supervisor", "reviewer", "finance"], module: "./part_ledger.js" },
  { id: "admin", roles: ["admin"], module: "./admin.js" },
  { id: "preauth", roles: ["admin", "dealer", "reviewer", "supervisor"], module: "./preauth.js" },
  { id: "reserve", roles: ["admin", "dealer", "finance"], module: "./reserve.js" },
  { id: "campaigns", roles: ["admin", "supervisor", "reviewer", "dealer"], module: "./campaigns.js" },
  { id: "requisitions", roles: ["admin", "clerk", "supervisor", "dealer"], module: "./requisitions.js" },
  { id: "reorder", roles: ["admin", "clerk", "dealer", "finance"], module: "./reorder.js" },
];

const HOME = { clerk: "scan", dealer: "dealer", supervisor: "approvals", reviewer: "review", finance: "finance", admin: "scan" };

const main = document.getElementById("main");
const pageId = location.pathname.replace(/^\/ui\/?/, "").replace(/\/$/, "") || "";
const label = (p) => t(`nav.${p.id}`);

/** The shell's own texts in the chosen language, and the switch to the other one. */
function shell() {
  document.documentElement.lang = htmlLang();
  document.title = t("app.title");
  document.getElementById("nav").setAttribute("aria-label", t("nav.label"));
  const loading = document.getElementById("loading");
  if (loading) loading.textContent = t("common.loading");
  const other = lang() === "en" ? "zh" : "en";
  mount(
    document.getElementById("lang"),
    h("button", { type: "button", id: "lang-switch", lang: other === "en" ? "en" : "zh-CN", title: t("lang.switch_title"), onclick: () => setLang(other) }, t("lang.other")),
  );
}

function nav(me) {
  const links = PAGES.filter((p) => p.roles.includes(me.role)).map((p) =>
    h("a", { href: `/ui/${p.id}`, "aria-current": p.id === pageId ? "page" : undefined }, label(p)),
  );
  mount(document.getElementById("nav"), links);
  const role = code("Role", me.role);
  const who = me.dealer ? `${role} · ${me.dealer}` : role;
  mount(
    document.getElementById("who"),
    h("span", { class: "role", id: "role", title: me.token_id, dataset: { role: me.role } }, who),
    h("button", { id: "logout", onclick: logout }, t("nav.logout")),
  );
}

function logout() {
  setToken(null);
  location.href = "/ui/";
}

async function login(message) {
  mount(document.getElementById("nav"));
  mount(document.getElementById("who"));
  const { render } = await import("./login.js");
  render(main, message, async () => start());
}

async function start() {
  if (!token()) return login();
  let me;
  try {
    me = await whoami();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setToken(null);
      return login(t("login.token_refused_again"));
    }
    mount(main, h("div", { class: "banner err" }, t("app.unreachable")));
    return;
  }
  const allowed = PAGES.filter((p) => p.roles.includes(me.role));
  const page = PAGES.find((p) => p.id === pageId);
  if (!page) {
    location.replace(`/ui/${HOME[me.role] || allowed[0].id}`);
    return;
  }
  nav(me);
  document.title = `${label(page)} · ${t("app.title")}`;
  if (!page.roles.includes(me.role)) {
    mount(
      main,
      h("div", { class: "card" }, h("h1", {}, label(page)),
        h("p", {}, t("app.not_for_role", { role: code("Role", me.role) })),
        allowed.length ? h("p", {}, t("app.go_to"), " ", allowed.map((p, i) => [i ? t("common.list_sep") : "", h("a", { href: `/ui/${p.id}` }, label(p))])) : null),
    );
    return;
  }
  const mod = await import(page.module);
  mount(main);
  await mod.render(main, me);
}

window.addEventListener("unhandledrejection", (ev) => {
  if (ev.reason instanceof ApiError && ev.reason.status === 401) {
    setToken(null);
    login(t("login.token_expired"));
  }
});

shell();
start();
