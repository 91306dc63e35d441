// The language of the pages: Simplified Chinese unless the browser chose English (kept in
// localStorage), the catalogue lookup `t(key, params)`, and the names of the codes the API
// answers (statuses, findings, roles, document kinds, accounts, error codes).

import en from "./i18n-en.js";
import zh from "./i18n-zh.js";

const LANG_KEY = "sanbao.lang";
const CATALOGUES = { zh, en };

/** `zh` (the default) or `en`. */
export function lang() {
  let chosen = null;
  try {
    chosen = localStorage.getItem(LANG_KEY);
  } catch {
    // Storage refused (private mode): the default language.
  }
  return chosen === "en" ? "en" : "zh";
}

/** Remembers the language for this browser and shows the page again in it. */
export function setLang(l) {
  try {
    localStorage.setItem(LANG_KEY, l === "en" ? "en" : "zh");
  } catch {
    // Not remembered; the reload shows the default.
  }
  location.reload();
}

/** The `lang` attribute of the document for the current language. */
export const htmlLang = () => (lang() === "en" ? "en" : "zh-CN");

const current = () => CATALOGUES[lang()];

/** Whether the catalogue has `key`. */
export const has = (key) => Object.hasOwn(current(), key);

/**
 * The text of `key` with `{name}` placeholders filled from `params`. When `params.n` is 1
 * and `key.one` exists, that singular form is used.
 */
export function t(key, params = {}) {
  const cat = current();
  const singular = params.n === 1 && Object.hasOwn(cat, `${key}.one`) ? `${key}.one` : key;
  const text = Object.hasOwn(cat, singular) ? cat[singular] : key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (Object.hasOwn(params, name) && params[name] !== null && params[name] !== undefined ? String(params[name]) : m));
}

/** The name of a value of an API enum (`code("ClaimStatus", "draft")`); the value itself when unknown. */
export function code(schema, value) {
  if (value === null || value === undefined || value === "") return "—";
  const key = `${schema}.${value}`;
  return has(key) ? t(key) : String(value);
}

/**
 * The name of an account: `inventory:WH-01` → `库存商品—WH-01` (or with the location's name
 * when `names` maps the code after the colon to one).
 */
export function accountName(account, names = {}) {
  const cat = current();
  if (Object.hasOwn(cat, `account.${account}`)) return cat[`account.${account}`];
  const cut = account.lastIndexOf(":");
  if (cut < 0) return account;
  const prefix = account.slice(0, cut + 1);
  const rest = account.slice(cut + 1);
  if (!Object.hasOwn(cat, `account.${prefix}`)) {
    // `campaign:<code>:parts`: the kind after the campaign code.
    const parts = account.split(":");
    if (parts.length === 3 && Object.hasOwn(cat, `account.${parts[0]}:*:${parts[2]}`)) {
      return t(`account.${parts[0]}:*:${parts[2]}`, { code: parts[1] });
    }
    return account;
  }
  return `${cat[`account.${prefix}`]}—${names[rest] || rest}`;
}

/** A field the API names (`lines[1].qty`) in the user's terms: `第 2 行 数量`, `line 2 qty`. */
export function fieldName(field) {
  if (!field) return "";
  return String(field)
    .split(".")
    .map((segment) => {
      const m = /^(\w+)\[(\d+)\]$/.exec(segment);
      if (m) {
        const what = has(`field.${m[1]}[]`) ? t(`field.${m[1]}[]`, { n: Number(m[2]) + 1 }) : `${fieldWord(m[1])} ${Number(m[2]) + 1}`;
        return what;
      }
      return fieldWord(segment);
    })
    .join(" ");
}

const fieldWord = (name) => (has(`field.${name}`) ? t(`field.${name}`) : name);

/** A money amount in integer fen as `¥1,234.56`. */
export function yuan(fen) {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return "—";
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  const cents = String(abs % 100).padStart(2, "0");
  return `${neg ? "−" : ""}¥${whole}.${cents}`;
}

/** Params that are money (fen) for one code although their names do not end in `_fen`. */
const MONEY_PARAMS = { insufficient_funds: ["required", "available", "shortfall"] };

/** The params of a problem as the user reads them: money in yuan, codes named, lines as shown. */
function shownParams(params, errCode) {
  const out = {};
  const money = MONEY_PARAMS[errCode] || [];
  for (const [k, v] of Object.entries(params || {})) {
    if ((k.endsWith("_fen") || k === "amount" || money.includes(k)) && Number.isInteger(v)) out[k] = yuan(v);
    else if (k === "field") out[k] = fieldName(v);
    else if (k === "entity") out[k] = has(`entity.${v}`) ? t(`entity.${v}`) : String(v).replace(/_/g, " ");
    else if (k === "action") out[k] = has(`action.${v}`) ? t(`action.${v}`) : String(v).replace(/_/g, " ");
    else if (k === "state" || k === "status") out[k] = has(`state.${v}`) ? t(`state.${v}`) : String(v).replace(/_/g, " ");
    else if (k === "role") out[k] = code("Role", v);
    else if (k === "kind") out[k] = code("LocationKind", v);
    else if (k === "quote_status") out[k] = v === "none" ? t("reqform.no_quote") : code("QuoteStatus", v);
    else out[k] = v;
  }
  return out;
}

/**
 * A refused call in the user's terms: `{title, text}` from the problem's `code` and
 * `params`. Only a code the catalogue lacks falls back to the server's English `detail`.
 */
export function problemText(err) {
  const problem = (err && err.problem) || {};
  const errCode = (err && err.code) || problem.code || "internal";
  // Problems from before `params` existed carry their facts at the top level.
  const params = shownParams(problem.params || { entity: problem.entity, key: problem.key, field: problem.field }, errCode);
  // A variant for one kind of record (`not_found` of a barcode) or one optional fact
  // (`forbidden` at a location), when the catalogue has one.
  const raw = problem.params || {};
  const variants = [raw.entity, ...Object.keys(raw)].filter((v) => typeof v === "string");
  const variant = variants.map((v) => `${errCode}.${v}`).find((k) => has(`error.${k}`));
  if (variant) return { title: t(`error_title.${variant}`, params), text: t(`error.${variant}`, params) };
  if (has(`error.${errCode}`)) {
    return { title: t(`error_title.${errCode}`, params), text: t(`error.${errCode}`, params) };
  }
  return { title: errCode, text: (err && err.message) || problem.detail || errCode };
}
