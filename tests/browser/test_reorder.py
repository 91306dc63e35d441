#!/usr/bin/env python3
"""Reorder suggestions (补货建议) in real headless Chromium against a live demo server: a
part of its own (a random number no other test uses) gets a level at the D001 station
through the API; the clerk sees the suggestion on the page, ticks only that part, creates
the transfer from WH-01 and sees its number; the suggestion is gone. The warehouse's
purchase list prints.

Usage: python3 tests/browser/test_reorder.py http://127.0.0.1:PORT
The last line is `browser (reorder): N passed, M failed`.
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

PART = f"RO-{random.randint(100000, 999999)}"


def suggestion(location, token="demo-clerk"):
    code, s = tp.api("GET", f"/stock/reorder-suggestions?location={location}", token)
    assert code == 200, s
    return next((r for r in s["rows"] if r["part_no"] == PART), None)


def test_a_level_suggests_a_transfer_and_the_transfer_covers_it(driver):
    code, part = tp.api("POST", "/parts", "demo-admin", {
        "part_no": PART, "name": "补货测试件", "unit": "pc", "standard_cost_fen": 500, "dealer_price_fen": 600,
        "warranty_covered": False, "wear_part": True})
    assert code == 201, part
    code, rc = tp.api("POST", "/stock/receipts", "demo-clerk",
                      {"location": "WH-01", "lines": [{"part_no": PART, "qty": 30, "unit_cost_fen": 500}]})
    assert code == 201, rc
    code, level = tp.api("PUT", f"/stock/reorder-levels/ST-D001/{PART}", "demo-clerk", {"min_qty": 4, "max_qty": 12})
    assert code == 200 and level["max_qty"] == 12, level
    r = suggestion("ST-D001")
    assert r and (r["on_hand"], r["incoming"], r["basis"], r["target"], r["suggested_qty"]) == (0, 0, "min_max", 12, 12), r

    tp.login(driver, "demo-clerk")
    driver.get(f"{tp.BASE}/ui/reorder")
    Select(tp.el(driver, "#reorder-location")).select_by_value("ST-D001")
    tp.text_in(driver, "#reorder-table", PART)
    # Only this part is transferred: every other ticked row is unticked.
    for box in driver.find_elements(By.CSS_SELECTOR, ".reorder-pick"):
        if (box.get_attribute("data-part") == PART) != box.is_selected():
            box.click()
    Select(tp.el(driver, "#reorder-from")).select_by_value("WH-01")
    tp.click(driver, "#reorder-transfer")
    tp.text_in(driver, "#reorder-made", "TR-")
    number = next(w for w in tp.el(driver, "#reorder-made").text.replace("(", " ").split() if w.startswith("TR-"))
    code, tr = tp.api("GET", f"/stock/transfers/{number}", "demo-clerk")
    assert code == 200 and tr["to"] == "ST-D001" and tr["mode"] == "two_step", tr
    assert [(l["part_no"], l["qty"]) for l in tr["lines"]] == [(PART, 12)], tr
    r = suggestion("ST-D001")
    assert (r["incoming"], r["suggested_qty"]) == (12, 0), r
    # The page shows it too: the part's row now asks for nothing and has no tick box.
    tp.wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, f".reorder-pick[data-part='{PART}']"),
            what="the part no longer to tick")
    code, needed = tp.api("GET", "/stock/reorder-suggestions?location=ST-D001&only_needed=true", "demo-dealer-D001")
    assert code == 200 and all(x["part_no"] != PART for x in needed["rows"]), needed
    assert tp.api("GET", "/stock/reorder-suggestions?location=ST-D001", "demo-dealer-D002")[0] == 404


def test_the_warehouse_purchase_list_prints(driver):
    code, s = tp.api("GET", "/stock/reorder-suggestions?location=WH-01&only_needed=true", "demo-finance")
    assert code == 200 and s["rows"], s
    tp.login(driver, "demo-finance")
    driver.get(f"{tp.BASE}/ui/reorder")
    Select(tp.el(driver, "#reorder-location")).select_by_value("WH-01")
    tp.text_in(driver, "#reorder-table", s["rows"][0]["part_no"])
    tp.el(driver, "#reorder-print")
    assert not driver.find_elements(By.CSS_SELECTOR, "#level-save"), "finance only reads"
    req = tp.urllib.request.Request(f"{tp.BASE}/api/v1/stock/reorder-suggestions/print?location=WH-01")
    req.add_header("Authorization", "Bearer demo-finance")
    with tp.urllib.request.urlopen(req, timeout=10) as resp:
        html = resp.read().decode()
    assert "采购建议单" in html and s["rows"][0]["part_no"] in html and "制单人" in html, html[:500]


def main():
    tp.run_suite("reorder", globals())


if __name__ == "__main__":
    main()
