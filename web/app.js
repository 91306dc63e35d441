// The shell: who is signed in, the navigation their role may use, and the page itself.

import { ApiError, setToken, token, whoami } from "./api.js";
import { h, mount } from "./ui.js";

/** Pages, the roles that use them, and their modules. */
const PAGES = [
  { id: "scan", label: "Scan station", zh: "扫码", roles: ["admin", "clerk", "dealer"], module: "./scan.js" },
  { id: "dealer", label: "Dealer portal", zh: "经销商", roles: ["admin", "dealer"], module: "./dealer.js" },
  { id: "approvals", label: "Approvals", zh: "领料审批", roles: ["admin", "supervisor"], module: "./approvals.js" },
  { id: "review", label: "Review", zh: "审核", roles: ["admin", "reviewer"], module: "./review.js" },
  { id: "finance", label: "Finance", zh: "财务", roles: ["admin", "finance"], module: "./finance.js" },
];

const HOME = { clerk: "scan", dealer: "dealer", supervisor: "approvals", reviewer: "review", finance: "finance", admin: "scan" };

const main = document.getElementById("main");
const pageId = location.pathname.replace(/^\/ui\/?/, "").replace(/\/$/, "") || "";

function nav(me) {
  const links = PAGES.filter((p) => p.roles.includes(me.role)).map((p) =>
    h("a", { href: `/ui/${p.id}`, "aria-current": p.id === pageId ? "page" : undefined }, p.label, " ", h("span", { class: "zh" }, p.zh)),
  );
  mount(document.getElementById("nav"), links);
  const who = me.dealer ? `${me.role} · ${me.dealer}` : me.role;
  mount(
    document.getElementById("who"),
    h("span", { class: "role", id: "role", title: me.token_id }, who),
    h("button", { id: "logout", onclick: logout }, "Log out"),
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
      return login("That token was not accepted. Paste a valid token.");
    }
    mount(main, h("div", { class: "banner err" }, `Cannot reach the server: ${e.message}`));
    return;
  }
  const allowed = PAGES.filter((p) => p.roles.includes(me.role));
  const page = PAGES.find((p) => p.id === pageId);
  if (!page) {
    location.replace(`/ui/${HOME[me.role] || allowed[0].id}`);
    return;
  }
  nav(me);
  document.title = `${page.label} · sanbao 三包`;
  if (!page.roles.includes(me.role)) {
    mount(
      main,
      h("div", { class: "card" }, h("h1", {}, page.label),
        h("p", {}, `The ${me.role} role does not use this page.`),
        allowed.length ? h("p", {}, "Go to ", allowed.map((p, i) => [i ? ", " : "", h("a", { href: `/ui/${p.id}` }, p.label)])) : null),
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
    login("Your token is no longer accepted. Paste a valid token.");
  }
});

start();
