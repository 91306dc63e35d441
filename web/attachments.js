// Attachments of a document (a claim, a service report): photos taken with the phone's
// camera or chosen from files, shown as thumbnails that open full size. Files are fetched
// with the bearer token and shown from blob: URLs (the page's CSP allows img-src blob:).

import { get, getBlob, newKey, seg, upload } from "./api.js";
import { t } from "./i18n.js";
import { busy, errorBanner, h, modal, mount, when } from "./ui.js";

const urls = new Map();

async function blobUrl(number, a) {
  const key = `${number}/${a.seq}/${a.sha256}`;
  if (!urls.has(key)) urls.set(key, URL.createObjectURL(await getBlob(`/documents/${seg(number)}/attachments/${a.seq}`)));
  return urls.get(key);
}

function sizeText(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Opens one attachment full size: an image in a dialog, a PDF in a new tab. */
async function open(number, a, out) {
  try {
    const url = await blobUrl(number, a);
    if (a.file_type === "pdf") {
      window.open(url, "_blank", "noopener");
      return;
    }
    modal(a.name, h("img", { src: url, alt: a.name, class: "attachment-full" }));
  } catch (e) {
    mount(out, errorBanner(e));
  }
}

function tile(number, a, out) {
  const thumb = a.file_type === "pdf"
    ? h("div", { class: "attachment-pdf" }, "PDF")
    : h("img", { alt: a.name, class: "attachment-thumb", loading: "lazy" });
  if (a.file_type !== "pdf") blobUrl(number, a).then((u) => { thumb.src = u; }, () => { thumb.alt = t("attachments.unreadable"); });
  return h("button", {
    type: "button", class: "attachment", title: `${a.name} · ${sizeText(a.size_bytes)} · ${when(a.attached_at)}`,
    dataset: { seq: a.seq }, onclick: () => open(number, a, out),
  }, thumb, h("span", { class: "small muted attachment-name" }, a.name));
}

// A phone photo is several megabytes; the server reads a body within 10 s, so a large photo
// is scaled down in the browser first (long edge 2560 px, JPEG quality 0.85), which keeps
// the detail a reviewer needs and uploads in seconds on a mobile network.
const SCALE_ABOVE_BYTES = 1.5 * 1024 * 1024;
const LONG_EDGE = 2560;

async function scaled(file) {
  if (!file.type.startsWith("image/") || file.size <= SCALE_ABOVE_BYTES || typeof createImageBitmap !== "function") return file;
  try {
    const bitmap = await createImageBitmap(file);
    const k = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * k);
    canvas.height = Math.round(bitmap.height * k);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" });
  } catch {
    return file; // a format the browser cannot draw goes as it is; the server decides
  }
}

/**
 * A card listing the files of `number`; with `canAdd`, a camera button
 * (`capture="environment"`) and a file chooser. `files` is the list already read, if any.
 */
export function attachmentsCard(number, { canAdd = false, files = null } = {}) {
  const out = h("div", { class: "attachments-out" });
  const grid = h("div", { class: "attachments", id: "attachments" });
  const paint = (list) => mount(grid, list.length ? list.map((a) => tile(number, a, out)) : h("p", { class: "muted small" }, t("attachments.none")));
  const load = async () => {
    try {
      paint(await get(`/documents/${seg(number)}/attachments`));
    } catch (e) {
      mount(out, errorBanner(e));
    }
  };
  if (files) paint(files);
  else load();
  const send = async (input) => {
    const chosen = [...input.files];
    input.value = "";
    for (const f of chosen) {
      await busy(null, out, async () => {
        mount(out, h("p", { class: "muted small" }, t("attachments.uploading", { name: f.name })));
        const file = await scaled(f);
        await upload(`/documents/${seg(number)}/attachments?name=${encodeURIComponent(file.name.slice(-120))}`, file, { key: newKey() });
        mount(out);
      });
    }
    await load();
  };
  const camera = h("input", { type: "file", accept: "image/*", capture: "environment", id: "attach-camera", class: "visually-hidden" });
  const chooser = h("input", { type: "file", accept: "image/jpeg,image/png,application/pdf", multiple: true, id: "attach-file", class: "visually-hidden" });
  camera.addEventListener("change", () => send(camera));
  chooser.addEventListener("change", () => send(chooser));
  return h("div", { class: "card", id: "attachments-card" },
    h("h3", { style: "margin-top:0" }, t("attachments.title")),
    grid,
    canAdd ? h("div", { class: "actions" },
      h("label", { class: "button primary", for: "attach-camera" }, t("attachments.take_photo")), camera,
      h("label", { class: "button", for: "attach-file" }, t("attachments.choose_file")), chooser,
      h("span", { class: "muted small" }, t("attachments.limits"))) : null,
    out);
}
