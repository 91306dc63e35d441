// The HTTP API, as the pages use it: every call carries the bearer token kept in
// sessionStorage; errors are problem+json and surface as ApiError.

const TOKEN_KEY = "sanbao.token";

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(t) {
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A refused or failed call: `status` 0 means the server was not reached. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.code = problem.code || (status === 0 ? "network" : `http_${status}`);
  }
}

/** A fresh idempotency key (works outside secure contexts too, e.g. a scanner on plain http). */
export function newKey() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One API call. `opts`: `body` (sent as JSON), `key` (Idempotency-Key), `version`
 * (If-Match), `raw` (answer the Response's text instead of JSON).
 */
export async function call(method, path, opts = {}) {
  const headers = { Accept: "application/json" };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (opts.key) headers["Idempotency-Key"] = opts.key;
  if (opts.version !== undefined && opts.version !== null) headers["If-Match"] = `"${opts.version}"`;
  let resp;
  try {
    resp = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      cache: "no-store",
    });
  } catch (e) {
    throw new ApiError(0, { detail: `The server could not be reached (${e.message}).` });
  }
  const text = await resp.text();
  if (!resp.ok) {
    let problem;
    try {
      problem = JSON.parse(text);
    } catch {
      problem = { detail: text || resp.statusText };
    }
    throw new ApiError(resp.status, problem);
  }
  if (opts.raw) return text;
  return text ? JSON.parse(text) : null;
}

export const get = (path) => call("GET", path);
export const post = (path, body, opts = {}) => call("POST", path, { ...opts, body: body ?? {} });
export const put = (path, body, opts = {}) => call("PUT", path, { ...opts, body });

/** A query string from an object, leaving out empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** Every item of a paginated list (pages of 500), up to `max` items. */
export async function all(path, params = {}, max = 10000) {
  const items = [];
  let cursor;
  do {
    const page = await get(path + qs({ ...params, limit: 500, cursor }));
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

/** Path segment escaping. */
export const seg = (s) => encodeURIComponent(s);

/** Who the token belongs to. */
export const whoami = () => get("/whoami");

/** Raw fetch with the token; a refusal throws ApiError like `call`. */
async function rawCall(method, path, init = {}) {
  const headers = { ...(init.headers || {}) };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  let resp;
  try {
    resp = await fetch(`/api/v1${path}`, { method, headers, body: init.body, cache: "no-store" });
  } catch (e) {
    throw new ApiError(0, { detail: `The server could not be reached (${e.message}).` });
  }
  if (!resp.ok) {
    const text = await resp.text();
    let problem;
    try {
      problem = JSON.parse(text);
    } catch {
      problem = { detail: text || resp.statusText };
    }
    throw new ApiError(resp.status, problem);
  }
  return resp;
}

/** Uploads a file (a Blob from `<input type=file>`) as the raw body; answers the JSON. */
export async function upload(path, file, opts = {}) {
  const headers = { "Content-Type": file.type || "application/octet-stream", Accept: "application/json" };
  if (opts.key) headers["Idempotency-Key"] = opts.key;
  const resp = await rawCall("POST", path, { headers, body: file });
  return resp.json();
}

/** A file the API serves (an attachment), as a Blob. */
export async function getBlob(path) {
  return (await rawCall("GET", path)).blob();
}
