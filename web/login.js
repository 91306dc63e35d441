// Sign in with a bearer token; it stays in this tab (sessionStorage) until logout.

import { setToken, whoami } from "./api.js";
import { t } from "./i18n.js";
import { errorBanner, h, mount } from "./ui.js";

const DEMO = ["demo-clerk", "demo-dealer-D001", "demo-supervisor", "demo-reviewer", "demo-finance", "demo-admin"];

export function render(main, message, done) {
  const input = h("input", {
    id: "token", type: "password", autocomplete: "off", spellcheck: "false",
    placeholder: t("login.placeholder"), required: true, autofocus: true,
  });
  const out = h("div", {}, message ? h("div", { class: "banner warn" }, message) : null);
  const form = h(
    "form",
    {
      class: "card login",
      onsubmit: async (ev) => {
        ev.preventDefault();
        const token = input.value.trim();
        if (!token) return;
        setToken(token);
        try {
          await whoami();
          done();
        } catch (e) {
          setToken(null);
          mount(out, e.status === 401 ? h("div", { class: "banner err" }, t("login.token_refused")) : errorBanner(e));
          input.select();
        }
      },
    },
    h("h1", {}, t("login.title")),
    h("p", { class: "muted" }, t("login.intro")),
    h("label", {}, t("login.token"), input),
    out,
    h("div", { class: "actions" }, h("button", { class: "primary", type: "submit", id: "login" }, t("login.submit"))),
    h(
      "details",
      { style: "margin-top:1rem" },
      h("summary", { class: "muted small" }, t("login.demo_tokens")),
      h("div", { class: "demo-tokens" },
        DEMO.map((x) => h("button", { type: "button", onclick: () => { input.value = x; input.focus(); } }, x))),
    ),
  );
  mount(main, form);
  input.focus();
}
