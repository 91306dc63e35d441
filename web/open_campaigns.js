// A unit's open campaigns (召回, 服务活动), shown wherever a unit is looked up: a recall in
// the warning colour, a service campaign as information, each with an optional action (the
// claim form's "file a campaign claim instead").

import { get, seg } from "./api.js";
import { t } from "./i18n.js";
import { banner, h } from "./ui.js";

/** The open campaigns of a unit as banners (null when there are none); `action(c)` may
 * give an element to put beside each. */
export function openCampaigns(list, action) {
  if (!list || !list.length) return null;
  return h("div", { class: "open-campaigns" }, list.map((c) =>
    h("div", { class: "open-campaign", dataset: { campaign: c.code, kind: c.kind } },
      banner(c.kind === "recall" ? "warn" : "info",
        h("b", {}, t(c.kind === "recall" ? "open_campaigns.recall" : "open_campaigns.service")), " ",
        h("span", { class: "mono" }, c.code), " · ", c.title, " · ",
        t("open_campaigns.until", { date: c.valid_to_date }),
        action ? [" ", action(c)] : null))));
}

/** The open campaigns of the unit with `serial` (none when it cannot be read). */
export async function unitCampaigns(serial) {
  try {
    const u = await get(`/units/${seg(serial)}`);
    return u.open_campaigns || [];
  } catch {
    return [];
  }
}
