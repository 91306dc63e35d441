// Sign in with a bearer token; it stays in this tab (sessionStorage) until logout.

import { setToken, whoami } from "./api.js";
import { errorBanner, h, mount } from "./ui.js";

const DEMO = ["demo-clerk", "demo-dealer-D001", "demo-supervisor", "demo-reviewer", "demo-finance", "demo-admin"];

export function render(main, message, done) {
  const input = h("input", {
    id: "token", type: "password", autocomplete: "off", spellcheck: "false",
    placeholder: "Paste your token", required: true, autofocus: true,
  });
  const out = h("div", {}, message ? h("div", { class: "banner warn" }, message) : null);
  const form = h(
    "form",
    {
      class: "card login",
      onsubmit: async (ev) => {
        ev.preventDefault();
        const t = input.value.trim();
        if (!t) return;
        setToken(t);
        try {
          await whoami();
          done();
        } catch (e) {
          setToken(null);
          mount(out, e.status === 401 ? h("div", { class: "banner err" }, "That token was not accepted.") : errorBanner(e));
          input.select();
        }
      },
    },
    h("h1", {}, "Sign in ", h("span", { class: "zh" }, "登录")),
    h("p", { class: "muted" }, "Paste the API token you were given. It is kept in this browser tab only and forgotten when you log out or close the tab."),
    h("label", {}, "Token", input),
    out,
    h("div", { class: "actions" }, h("button", { class: "primary", type: "submit", id: "login" }, "Sign in")),
    h(
      "details",
      { style: "margin-top:1rem" },
      h("summary", { class: "muted small" }, "Demo server tokens"),
      h("div", { class: "demo-tokens" },
        DEMO.map((t) => h("button", { type: "button", onclick: () => { input.value = t; input.focus(); } }, t))),
    ),
  );
  mount(main, form);
  input.focus();
}
