#!/usr/bin/env python3
"""Open campaigns wherever a unit is looked up, in real headless Chromium against a live
demo server: a recall of its own, created and released through the API over a dealer's
unit, shows in the warning colour at the service intake's unit lookup, and on the dealer's
claim form with a button that files a campaign claim from the campaign's template instead.
Each run makes its own recall.

Usage: python3 tests/browser/test_campaign_lookup.py http://127.0.0.1:PORT
The last line is `browser (campaign lookup): N passed, M failed`.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)

_made = {}


def recall():
    """A released recall of its own over one D001 unit (made once per run); returns
    (code, serial)."""
    if "recall" in _made:
        return _made["recall"]
    code = f"RC-LK-{int(time.time() * 1000) % 100000000}"
    status, units = tp.api("GET", "/units?dealer=D001&limit=20", "demo-admin")
    assert status == 200 and len(units["items"]) > 1, units
    # Not the first unit, which the campaign page's own test lists on its recalls.
    serial = units["items"][-1]["serial"]
    body = {"code": code, "kind": "recall", "title": f"Lookup recall {code}", "valid_from_date": "2024-01-01",
            "valid_to_date": "2030-12-31", "labor_operation": "BRK-HOSE", "standard_minutes": 60,
            "kit": [{"part_no": "FLT-0042", "qty": 1}], "allowance_fen": 0}
    status, r = tp.api("POST", "/campaigns", "demo-supervisor", body)
    assert status == 201, r
    status, r = tp.api("POST", f"/campaigns/{code}/units", "demo-supervisor", {"serials": [serial]})
    assert status == 200 and r["units"] == 1, r
    status, r = tp.api("POST", f"/campaigns/{code}/release", "demo-supervisor", {})
    assert status == 200, r
    _made["recall"] = (code, serial)
    return code, serial


def test_the_service_intake_shows_the_open_recall_in_the_warning_colour(driver):
    code, serial = recall()
    tp.login(driver, "demo-clerk")
    driver.get(f"{tp.BASE}/ui/service")
    tp.click(driver, "[data-tab='intake']")
    tp.typed(driver, "#sr-unit", serial)
    tp.click(driver, "#sr-lookup")
    tp.text_in(driver, "#unit-campaigns", code)
    tp.text_in(driver, "#unit-campaigns", "Open recall")
    banner = tp.el(driver, f"#unit-campaigns .open-campaign[data-campaign='{code}'] .banner")
    assert "warn" in banner.get_attribute("class").split(), banner.get_attribute("class")
    # A cleared form clears the campaigns too.
    driver.execute_script("document.querySelector('#intake-form').reset()")


def test_the_claim_form_shows_the_recall_and_files_a_campaign_claim_instead(driver):
    code, serial = recall()
    tp.login(driver, "demo-dealer-D001")
    driver.get(f"{tp.BASE}/ui/dealer")
    tp.click(driver, "#new-claim")
    tp.typed(driver, "#unit-serial", serial)
    tp.el(driver, "#fault-code").click()
    tp.text_in(driver, "#unit-info", code)
    banner = tp.el(driver, f"#unit-info .open-campaign[data-campaign='{code}'] .banner")
    assert "warn" in banner.get_attribute("class").split(), banner.get_attribute("class")
    tp.click(driver, f".file-campaign-claim[data-campaign='{code}']")
    tp.text_in(driver, "main", f"filed from campaign {code}")
    number = re.search(r"CL-\d+", tp.el(driver, "main .banner.ok").text).group(0)
    status, claim = tp.api("GET", f"/claims/{number}", "demo-dealer-D001")
    assert status == 200, claim
    assert (claim["kind"], claim["campaign"], claim["unit_serial"], claim["status"]) == \
        ("campaign", code, serial, "draft"), claim
    assert [l["kind"] for l in claim["lines"]] == ["part", "labor"], claim


def main():
    tp.run_suite("campaign lookup", globals())


if __name__ == "__main__":
    main()
