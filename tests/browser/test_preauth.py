#!/usr/bin/env python3
"""Pre-authorization (预授权) in real headless Chromium against a live demo server: a dealer
requests one with an estimate and a photo from the phone camera and submits it; the
reviewer opens it from the queue and approves it for less; the pages read in Chinese with
no bare code. Every record here is the test's own (a unique description).

Usage: python3 tests/browser/test_preauth.py http://127.0.0.1:PORT
The last line is `browser (preauth): N passed, M failed`.
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


def test_dealer_requests_with_a_photo_and_submits(driver):
    what = f"browser pre-authorization {time.time():.0f}"
    tp.login(driver, "demo-dealer-D001")
    driver.get(f"{tp.BASE}/ui/preauth")
    tp.el(driver, "#preauth-list, #preauth-body p")
    tp.click(driver, "[data-tab='request']")
    tp.typed(driver, "#pa-unit", UNIT)
    tp.typed(driver, "#pa-fault", "brk-021")
    tp.typed(driver, "#pa-description", what)
    line = tp.el(driver, ".pa-line")
    line.find_element(By.CSS_SELECTOR, ".pa-part").send_keys("BD-1023")
    qty = line.find_element(By.CSS_SELECTOR, ".pa-qty")
    qty.clear()
    qty.send_keys("2")
    line.find_element(By.CSS_SELECTOR, ".pa-price").send_keys("709.20")
    tp.click(driver, "#pa-add-line")
    labor = driver.find_elements(By.CSS_SELECTOR, ".pa-line")[1]
    assert Select(labor.find_element(By.CSS_SELECTOR, ".pa-kind")).first_selected_option.get_attribute("value") == "labor"
    q = labor.find_element(By.CSS_SELECTOR, ".pa-qty")
    q.clear()
    q.send_keys("120")
    labor.find_element(By.CSS_SELECTOR, ".pa-price").send_keys("80")
    # 2 × ¥709.20 + 120 minutes at ¥80.00 an hour.
    tp.text_in(driver, "#pa-total", "¥1,578.40")
    tp.click(driver, "#pa-send")
    tp.text_in(driver, "#preauth-body", "PA-")
    code, mine = tp.api("GET", f"/preauthorizations?unit_serial={UNIT}&limit=500", "demo-dealer-D001")
    assert code == 200, mine
    pa = next(p for p in mine["items"] if p["description"] == what)
    assert pa["status"] == "submitted" and pa["total_fen"] == 157840, pa
    # The camera button asks for the rear camera; the photo lands on the request.
    camera = driver.find_element(By.CSS_SELECTOR, "#attach-camera")
    assert camera.get_attribute("capture") == "environment"
    path, _ = tp.png_file()
    camera.send_keys(path)
    tp.wait(driver, lambda d: len(tp.api("GET", f"/documents/{pa['number']}/attachments", "demo-reviewer")[1]) == 1,
            what="the photo on the request")
    os.remove(path)
    STATE["number"] = pa["number"]


def test_reviewer_approves_for_less(driver):
    number = STATE["number"]
    tp.login(driver, "demo-reviewer")
    driver.get(f"{tp.BASE}/ui/preauth")
    table = tp.el(driver, "#preauth-list")
    row = next(r for r in table.find_elements(By.CSS_SELECTOR, "tbody tr") if number in r.text)
    row.click()
    tp.el(driver, "#pa-decision")
    tp.text_in(driver, "#pa-detail-total", "¥1,578.40")
    # Less than the total without a reason is refused by name.
    tp.typed(driver, "#pa-decide-amount", "1200.00")
    tp.click(driver, "#pa-approve")
    tp.text_in(driver, "#pa-detail-out", "note")
    tp.typed(driver, "#pa-decide-note", "labor to the 90-minute standard")
    tp.click(driver, "#pa-approve")
    tp.wait(driver, lambda d: tp.api("GET", f"/preauthorizations/{number}", "demo-reviewer")[1]["status"] == "reduced",
            what="reduced")
    pa = tp.api("GET", f"/preauthorizations/{number}", "demo-reviewer")[1]
    assert pa["approved_fen"] == 120000 and pa["expires_on"], pa


def test_pages_read_in_chinese(driver):
    codes = tp.api_codes()
    for token in ["demo-dealer-D001", "demo-reviewer", "demo-supervisor"]:
        driver.get(f"{tp.BASE}/healthz")
        driver.execute_script("sessionStorage.clear()")
        tp.set_lang(driver, "zh")
        tp.login(driver, token)
        driver.get(f"{tp.BASE}/ui/preauth")
        tp.text_in(driver, "main h1", "预授权")
        for tab in ["all"] if token != "demo-dealer-D001" else ["mine"]:
            tp.click(driver, f"[data-tab='{tab}']")
            table = tp.el(driver, "#preauth-list")
            time.sleep(0.3)
            bare = tp.untranslated(driver, codes, "zh")
            assert not bare, (token, bare)
            table.find_elements(By.CSS_SELECTOR, "tbody tr")[0].click()
            tp.el(driver, "#pa-detail")
            time.sleep(0.3)
            bare = tp.untranslated(driver, codes, "zh")
            assert not bare, (token, "detail", bare)
            assert "¥" in tp.el(driver, "#pa-detail-total").text


def main():
    tp.run_suite("preauth", globals())


if __name__ == "__main__":
    main()
