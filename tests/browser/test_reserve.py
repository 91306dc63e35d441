#!/usr/bin/env python3
"""Reserve plans (储备计划) in real headless Chromium against a live demo server: a dealer
plans a season of its own (a date no other test uses) and submits it; finance approves the
plan and converts it into a parts order; the season's report shows it.

Usage: python3 tests/browser/test_reserve.py http://127.0.0.1:PORT
The last line is `browser (reserve): N passed, M failed`.
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

# A season of its own: some day in 2031–2035, so no other test's plans share it.
SEASON = f"{random.randint(2031, 2035)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"


def set_date(driver, css, value):
    e = tp.el(driver, css)
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", e, value
    )


def test_the_dealer_submits_a_plan_and_finance_approves_and_converts_it(driver):
    tp.login(driver, "demo-dealer-D004")
    driver.get(f"{tp.BASE}/ui/reserve")
    set_date(driver, "#plan-season", SEASON)
    tp.el(driver, "#plan-due")
    assert tp.el(driver, "#plan-due").text < SEASON, tp.el(driver, "#plan-due").text
    tp.typed(driver, "#plan-part", "FLT-0042")
    tp.typed(driver, "#plan-qty", "12")
    tp.click(driver, "#plan-add")
    tp.text_in(driver, "#plan-lines-table", "FLT-0042")
    tp.typed(driver, "#plan-part", "BP-1001")
    tp.typed(driver, "#plan-qty", "3")
    tp.click(driver, "#plan-add")
    tp.text_in(driver, "#plan-lines-table", "BP-1001")
    tp.click(driver, "#plan-submit")
    tp.text_in(driver, "#plan-out .banner", "RP-")
    number = next(w for w in tp.el(driver, "#plan-out .banner").text.replace(":", " ").split() if w.startswith("RP-"))
    code, plan = tp.api("GET", f"/reserve-plans/{number}", "demo-dealer-D004")
    assert code == 200 and plan["status"] == "submitted" and plan["season_start"] == SEASON, plan
    assert [(l["part_no"], l["qty"]) for l in plan["lines"]] == [("FLT-0042", 12), ("BP-1001", 3)], plan

    driver.execute_script("sessionStorage.clear()")
    tp.login(driver, "demo-finance")
    driver.get(f"{tp.BASE}/ui/reserve")
    tp.click(driver, f".plan-approve[data-plan='{number}']")
    tp.text_in(driver, "#plans-out .banner", number)
    Select(tp.el(driver, "#plan-status")).select_by_value("approved")
    tp.click(driver, f".plan-convert[data-plan='{number}']")
    tp.text_in(driver, "#plans-out .banner", "SO-")
    code, plan = tp.api("GET", f"/reserve-plans/{number}", "demo-finance")
    assert code == 200 and plan["status"] == "converted" and plan["order"], plan
    code, order = tp.api("GET", f"/parts-orders/{plan['order']}", "demo-dealer-D004")
    assert code == 200 and order["status"] == "submitted" and number in order["note"], order
    assert [(l["part_no"], l["qty"]) for l in order["lines"]] == [("FLT-0042", 12), ("BP-1001", 3)], order

    tp.click(driver, "[data-tab='report']")
    set_date(driver, "#report-season", SEASON)
    tp.click(driver, "#report-go")
    tp.text_in(driver, "#report-table", number)
    rows = [r.text for r in tp.el(driver, "#report-table").find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert any("D004" in r and plan["order"] in r for r in rows), rows


def test_the_clerk_uploads_the_signed_delivery_note_of_a_shipment(driver):
    code, page = tp.api("GET", "/shipments?dealer=D001", "demo-clerk")
    assert code == 200 and page["items"], page
    number = page["items"][0]["number"]
    before = len(tp.api("GET", f"/documents/{number}/attachments", "demo-clerk")[1])
    tp.login(driver, "demo-clerk")
    driver.get(f"{tp.BASE}/ui/supply")
    tp.click(driver, "[data-tab='shipments']")
    tp.click(driver, f".signed-copy[data-shipment='{number}']")
    tp.el(driver, "#attachments-card")
    path, _ = tp.png_file()
    driver.find_element(By.CSS_SELECTOR, "#attach-file").send_keys(path)
    tp.wait(driver, lambda d: len(tp.api("GET", f"/documents/{number}/attachments", "demo-dealer-D001")[1]) == before + 1,
            what="the signed copy attached")
    tp.wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#attachments .attachment"), what="its thumbnail")
    assert tp.api("GET", f"/documents/{number}/attachments", "demo-dealer-D002")[0] == 404


def main():
    tp.run_suite("reserve", globals())


if __name__ == "__main__":
    main()
