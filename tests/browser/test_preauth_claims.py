#!/usr/bin/env python3
"""A claim and its pre-authorization in real headless Chromium against a live demo server: a
dealer files a goodwill claim and picks the unit's goodwill pre-authorization from the
form; the reviewer sees the cited pre-authorization (authorized amount, last good day)
beside the lines. Every record here is the test's own (a unique description).

Usage: python3 tests/browser/test_preauth_claims.py http://127.0.0.1:PORT
The last line is `browser (preauth claims): N passed, M failed`.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

UNIT = "LZYTBGBW5N1001006"
STATE = {}


def approved_goodwill_preauth(what):
    code, pa = tp.api("POST", "/preauthorizations", "demo-dealer-D001", {
        "unit_serial": UNIT, "fault_code": "BRK-021", "description": what, "goodwill": True,
        "lines": [{"kind": "other", "qty": 1, "unit_price_fen": 20000}]})
    assert code == 201, pa
    code, pa = tp.api("POST", f"/preauthorizations/{pa['number']}/submit", "demo-dealer-D001", {})
    assert code == 200, pa
    code, pa = tp.api("POST", f"/preauthorizations/{pa['number']}/decision", "demo-reviewer", {"decision": "approve"})
    assert code == 200 and pa["status"] == "approved", pa
    return pa


def test_dealer_files_goodwill_with_its_preauthorization(driver):
    what = f"browser goodwill claim {time.time():.0f}"
    pa = approved_goodwill_preauth(what)
    tp.login(driver, "demo-dealer-D001")
    driver.get(f"{tp.BASE}/ui/dealer#new={UNIT}")
    tp.el(driver, "#claim-kind")
    Select(tp.el(driver, "#claim-kind")).select_by_value("goodwill")
    tp.wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"#claim-preauth option[value='{pa['number']}']"),
            what="the goodwill pre-authorization offered")
    option = driver.find_element(By.CSS_SELECTOR, f"#claim-preauth option[value='{pa['number']}']")
    assert "¥200.00" in option.text and pa["expires_on"] in option.text, option.text
    Select(tp.el(driver, "#claim-preauth")).select_by_value(pa["number"])
    tp.typed(driver, "#fault-code", "BRK-021")
    tp.typed(driver, "#description", what)
    driver.find_element(By.CSS_SELECTOR, "#lines [data-kind='part'] button.danger").click()
    tp.typed(driver, "#lines [data-kind='labor'] .line-minutes", "60")
    tp.click(driver, "#save-draft")
    tp.wait(driver, lambda d: "#claim=CL-" in d.current_url, what="the saved claim")
    number = driver.current_url.split("#claim=")[1]
    code, claim = tp.api("GET", f"/claims/{number}", "demo-dealer-D001")
    assert code == 200 and claim["kind"] == "goodwill" and claim["preauthorization"] == pa["number"], claim
    code, res = tp.api("POST", f"/claims/{number}/submit", "demo-dealer-D001", {})
    assert code == 200 and res["status"] == "submitted", res
    assert not [f for f in res["findings"] if f["severity"] == "error"], res["findings"]
    code, held = tp.api("GET", f"/preauthorizations/{pa['number']}", "demo-dealer-D001")
    assert held["used_by_claim"] == number, held
    STATE.update(number=number, pa=pa)


def test_reviewer_sees_the_cited_preauthorization(driver):
    number, pa = STATE["number"], STATE["pa"]
    tp.login(driver, "demo-reviewer")
    driver.get(f"{tp.BASE}/ui/review")
    tp.el(driver, "#queue-table")
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "#queue-table tbody tr") if number in r.text)
    row.click()
    tp.text_in(driver, "#review-preauth", pa["number"])
    text = tp.el(driver, "#review-preauth").text
    assert "¥200.00" in text and pa["expires_on"] in text, text


def main():
    tp.run_suite("preauth claims", globals())


if __name__ == "__main__":
    main()
