#!/usr/bin/env python3
"""Campaigns in real headless Chromium against a live demo server: a supervisor's new recall
over a dealer's unit shows in that dealer's to-do list, the dealer files the campaign claim
from it with the kit and standard labor filled in, and the campaign's detail shows the
completion by dealer and week as charts. Each run makes its own campaign.

Usage: python3 tests/browser/test_campaigns.py http://127.0.0.1:PORT
The last line is `browser (campaigns): N passed, M failed`.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)
from selenium.webdriver.common.by import By  # noqa: E402


def new_recall():
    """A released recall of its own over one D001 unit; returns (code, serial)."""
    code = f"RC-BT-{int(time.time() * 1000) % 100000000}"
    status, units = tp.api("GET", "/units?dealer=D001&limit=5", "demo-admin")
    assert status == 200 and units["items"], units
    serial = units["items"][0]["serial"]
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    body = {"code": code, "kind": "recall", "title": f"Browser recall {code}", "valid_from_date": "2024-01-01",
            "valid_to_date": "2030-12-31", "labor_operation": "BRK-HOSE", "standard_minutes": 60,
            "kit": [{"part_no": "FLT-0042", "qty": 1}], "allowance_fen": 0}
    status, r = tp.api("POST", "/campaigns", "demo-supervisor", body)
    assert status == 201, r
    status, r = tp.api("POST", f"/campaigns/{code}/units", "demo-supervisor", {"serials": [serial]})
    assert status == 200 and r["units"] == 1, r
    status, r = tp.api("POST", f"/campaigns/{code}/release", "demo-supervisor", {})
    assert status == 200, r
    assert today
    return code, serial


def test_the_dealer_files_a_campaign_claim_from_its_to_do_list(driver):
    code, serial = new_recall()
    status, unit = tp.api("GET", f"/units/{serial}", "demo-dealer-D001")
    assert status == 200 and code in [c["code"] for c in unit["open_campaigns"]], unit
    tp.login(driver, "demo-dealer-D001")
    driver.get(f"{tp.BASE}/ui/campaigns")
    tp.text_in(driver, "#campaign-todo", code)
    rows = tp.el(driver, "#campaign-todo").find_elements(By.CSS_SELECTOR, "tbody tr")
    row = next(r for r in rows if code in r.text)
    row.find_element(By.CSS_SELECTOR, "button").click()
    tp.text_in(driver, "#todo-result", "CL-")
    status, done = tp.api("GET", f"/campaigns/{code}/units", "demo-supervisor")
    assert status == 200 and done[0]["state"] == "completed" and done[0]["claim"], done
    status, claim = tp.api("GET", f"/claims/{done[0]['claim']}", "demo-supervisor")
    assert claim["kind"] == "campaign" and claim["campaign"] == code, claim
    assert [l["kind"] for l in claim["lines"]] == ["part", "labor"], claim
    assert all(l["status"] == "open" for l in claim["lines"]), claim


def test_the_detail_charts_completion_by_dealer_and_week(driver):
    tp.login(driver, "demo-supervisor")
    driver.get(f"{tp.BASE}/ui/campaigns")
    rows = tp.el(driver, "#campaign-list").find_elements(By.CSS_SELECTOR, "tbody tr")
    next(r for r in rows if "RC-DEMO-01" in r.text).click()
    tp.text_in(driver, "#campaign-title", "RC-DEMO-01")
    tp.text_in(driver, "#campaign-progress", "20 of 40")
    bars = tp.el(driver, "#campaign-by-dealer svg").find_elements(By.CSS_SELECTOR, "rect")
    assert len(bars) == 9, "three dealers × completed, outstanding, not applicable"
    assert tp.el(driver, "#campaign-by-week svg").find_elements(By.CSS_SELECTOR, "rect")
    assert len(tp.el(driver, "#campaign-units").find_elements(By.CSS_SELECTOR, "tbody tr")) == 40


def main():
    tp.run_suite("campaigns", globals())


if __name__ == "__main__":
    main()
