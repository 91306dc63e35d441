#!/usr/bin/env python3
"""The requisition form (领料单) in real headless Chromium against a live demo server: a
dealer opens a service request, files a requisition citing it with two lines (one found by
part number, one scanned twice), submits it; the supervisor approves it with the cited
request in view; the dealer sees it approved with its decision and its request as a link,
and the request names it. A paid-service requisition whose request has no approved quote,
and one for another unit than its request's, are refused in Chinese and nothing is filed.
Each test files its own service requests (unique customer names), so it neither needs nor
disturbs what the other browser tests do to the demo data.

Usage: python3 tests/browser/test_requisitions.py http://127.0.0.1:PORT
The last line is `browser (requisitions): N passed, M failed`.
"""

import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

DEALER = "demo-dealer-D001"
STATION = "ST-D001"


def units(n):
    code, page = tp.api("GET", "/units?dealer=D001&limit=50", DEALER)
    assert code == 200 and len(page["items"]) >= n, page
    return page["items"][:n]


def new_request(unit, what):
    """A service request of the dealer's unit, filed by the dealer for the unit's owner
    calling from a number no other request has; answers its number."""
    phone = "139" + str(uuid.uuid4().int)[:8]
    code, r = tp.api("POST", "/service-requests", DEALER, {
        "channel": "phone", "customer": unit["customer"], "contact": phone,
        "unit_serial": unit["serial"], "fault_class": "chassis_engine", "distance_km": 12,
        "needs_supplier": False, "description": f"{what}: brake chamber leaking",
    }, {"Idempotency-Key": str(uuid.uuid4())})
    assert code == 201, r
    return r["number"]


def done_with(number):
    """Cancels a request the test filed, so it waits on nobody's board."""
    code, r = tp.api("POST", f"/service-requests/{number}/cancel", DEALER, {"reason": "browser test done"},
                     {"Idempotency-Key": str(uuid.uuid4())})
    assert code == 200, r


def add_part(driver, text):
    """Types a part number or barcode into the line box and presses Enter."""
    box = tp.typed(driver, "#rq-part", text)
    box.send_keys("\n")


def line_row(driver, part):
    return tp.el(driver, f"#rq-lines tr[data-part='{part}']")


def requisitions_of(request):
    code, page = tp.api("GET", "/requisitions?limit=500", "demo-admin")
    assert code == 200, page
    return [r for r in page["items"] if r["service_request"] == request]


def test_a_dealer_files_a_requisition_from_a_request_the_supervisor_approves_it(driver):
    unit = units(1)[0]
    number = new_request(unit, "领料测试")
    code, scanned = tp.api("GET", "/parts/by-barcode/" + tp.BARCODE, "demo-admin")
    assert code == 200, scanned
    on_hand = {p: tp.stock_qty(p, STATION) for p in ["FLT-0042", scanned["part_no"]]}
    tp.login(driver, DEALER)
    # The request's dialog has the 领料 button; it opens the form citing the request.
    driver.get(f"{tp.BASE}/ui/service#request={number}")
    tp.el(driver, "#sr-detail")
    tp.click(driver, "#sr-requisition")
    tp.el(driver, "#rq-form")
    tp.wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#rq-request").get_attribute("value") == number, what="request chosen")
    assert Select(tp.el(driver, "#rq-location")).first_selected_option.get_attribute("value") == STATION
    # The unit comes from the request, looked up with its model and coverage.
    assert tp.el(driver, "#rq-unit").get_attribute("value") == unit["serial"]
    tp.text_in(driver, "#rq-model", unit["model"])
    tp.el(driver, "#rq-coverage")
    tp.text_in(driver, "#rq-request-info", "no quote")
    # A line by part number, one by scan; the same barcode scanned again is a second unit.
    add_part(driver, "FLT-0042")
    line_row(driver, "FLT-0042")
    add_part(driver, tp.BARCODE)
    row = line_row(driver, scanned["part_no"])
    add_part(driver, tp.BARCODE)
    tp.wait(driver, lambda d: row.find_element(By.CSS_SELECTOR, ".line-qty").get_attribute("value") == "2", what="second scan")
    for part, qty in on_hand.items():
        tp.text_in(driver, f"#rq-lines tr[data-part='{part}'] .on-hand", str(qty))
    tp.text_in(driver, f"#rq-lines tr[data-part='{scanned['part_no']}']", scanned["name"])
    line_row(driver, "FLT-0042").find_element(By.CSS_SELECTOR, ".line-reason").send_keys("oil filter")
    tp.click(driver, "#rq-submit")
    tp.el(driver, "#rq-detail[data-status='submitted']")
    tp.text_in(driver, "#rq-saved", "submitted")
    rq = tp.el(driver, "#rq-detail").get_attribute("data-number")
    assert rq.startswith("RQ-"), rq
    tp.text_in(driver, "#rq-cited", number)
    code, saved = tp.api("GET", f"/requisitions/{rq}", "demo-admin")
    assert code == 200, saved
    assert saved["service_request"] == number and saved["location"] == STATION and saved["purpose"] == "warranty", saved
    assert saved["unit_serial"] == unit["serial"], saved
    assert [(l["part_no"], l["qty"], l["reason"]) for l in saved["lines"]] == [
        ("FLT-0042", 1, "oil filter"), (scanned["part_no"], 2, None)], saved["lines"]

    # The supervisor sees the cited request on the card and approves.
    driver.execute_script("sessionStorage.clear()")
    tp.login(driver, "demo-supervisor")
    driver.get(f"{tp.BASE}/ui/approvals")
    card = tp.el(driver, f".approval[data-number='{rq}']")
    assert card.find_element(By.CSS_SELECTOR, ".service-request").text == number
    card.find_element(By.CSS_SELECTOR, "button.primary").click()
    tp.text_in(driver, "#approvals-body .banner", rq)
    code, saved = tp.api("GET", f"/requisitions/{rq}", "demo-admin")
    assert code == 200 and saved["status"] == "approved", saved

    # The dealer finds it approved in its list, opens it: decision, lines, the request as a link.
    driver.execute_script("sessionStorage.clear()")
    tp.login(driver, DEALER)
    driver.get(f"{tp.BASE}/ui/requisitions")
    tp.typed(driver, "#rq-f-q", rq)
    tp.click(driver, "#rq-search")
    tp.text_in(driver, "#rq-table", rq)
    rows = driver.find_elements(By.CSS_SELECTOR, "#rq-table tbody tr")
    assert len(rows) == 1 and rows[0].find_element(By.CSS_SELECTOR, "[data-code]").get_attribute("data-code") == "approved"
    rows[0].click()
    tp.el(driver, f"#rq-detail[data-number='{rq}'][data-status='approved']")
    tp.text_in(driver, "#rq-decision", saved["decided_by"])
    tp.text_in(driver, "#rq-detail-lines", "FLT-0042")
    assert driver.find_elements(By.CSS_SELECTOR, "#rq-do-cancel"), "an approved requisition may still be cancelled"
    assert not driver.find_elements(By.CSS_SELECTOR, "#rq-do-submit")
    link = tp.el(driver, "a#rq-cited")
    assert link.get_attribute("href").endswith(f"/ui/service#request={number}"), link.get_attribute("href")
    link.click()
    tp.text_in(driver, "#sr-cited-by", rq)
    done_with(number)


def test_refusals_are_shown_in_chinese_and_nothing_is_filed(driver):
    first, other = units(2)
    number = new_request(first, "有偿服务")
    tp.set_lang(driver, "zh")
    tp.login(driver, DEALER)
    driver.get(f"{tp.BASE}/ui/requisitions#request={number}")
    tp.el(driver, "#rq-form")
    tp.text_in(driver, "#rq-request-info", "未报价")
    tp.text_in(driver, "#rq-model", first["model"])
    add_part(driver, "FLT-0042")
    line_row(driver, "FLT-0042")
    # Paid service on a request whose quote nobody approved.
    Select(tp.el(driver, "#rq-purpose")).select_by_value("paid_service")
    tp.click(driver, "#rq-submit")
    tp.text_in(driver, "#rq-out .banner.err", "有偿服务报价未批准")
    tp.text_in(driver, "#rq-out .banner.err", number)
    tp.text_in(driver, "#rq-out .banner.err", "未报价")
    # Another unit than the request's.
    Select(tp.el(driver, "#rq-purpose")).select_by_value("warranty")
    tp.typed(driver, "#rq-unit", other["serial"])
    tp.click(driver, "#rq-lookup")
    tp.text_in(driver, "#rq-model", other["model"])
    tp.click(driver, "#rq-submit")
    tp.text_in(driver, "#rq-out .banner.err", "车辆不符")
    tp.text_in(driver, "#rq-out .banner.err", other["serial"])
    # Paid service without any request: the form says so before asking.
    Select(tp.el(driver, "#rq-request")).select_by_value("")
    Select(tp.el(driver, "#rq-purpose")).select_by_value("paid_service")
    tp.click(driver, "#rq-submit")
    tp.text_in(driver, "#rq-out .banner.err", "有偿服务领料须引用")
    assert requisitions_of(number) == []
    body = driver.find_element(By.TAG_NAME, "body").text
    for raw in ["quote_not_approved", "request_other_unit", "paid_service", "reqform."]:
        assert raw not in body, raw
    done_with(number)


def test_a_draft_is_saved_submitted_later_or_cancelled(driver):
    unit = units(1)[0]
    number = new_request(unit, "草稿")
    tp.login(driver, DEALER)
    driver.get(f"{tp.BASE}/ui/requisitions#request={number}")
    tp.el(driver, "#rq-form")
    add_part(driver, "FLT-0042")
    line_row(driver, "FLT-0042")
    tp.click(driver, "#rq-save")
    tp.el(driver, "#rq-detail[data-status='draft']")
    rq = tp.el(driver, "#rq-detail").get_attribute("data-number")
    tp.click(driver, "#rq-do-cancel")
    driver.switch_to.alert.accept()
    tp.el(driver, "#rq-detail[data-status='cancelled']")
    assert not driver.find_elements(By.CSS_SELECTOR, "#rq-do-cancel")
    code, saved = tp.api("GET", f"/requisitions/{rq}", DEALER)
    assert code == 200 and saved["status"] == "cancelled" and saved["service_request"] == number, saved
    # The list filters by status; the export downloads the same rows.
    tp.click(driver, "#rq-back")
    Select(tp.el(driver, "#rq-f-status")).select_by_value("cancelled")
    tp.click(driver, "#rq-search")
    tp.text_in(driver, "#rq-table", rq)
    cells = driver.find_elements(By.CSS_SELECTOR, "#rq-table [data-code]")
    assert cells and all(c.get_attribute("data-code") == "cancelled" for c in cells)
    tp.click(driver, "#rq-export-csv")
    tp.text_in(driver, "#rq-results .banner.ok", ".csv")
    done_with(number)


def test_the_page_shows_no_bare_code_in_either_language(driver):
    codes = tp.api_codes()
    for token in [DEALER, "demo-clerk"]:
        for lang in ["zh", "en"]:
            driver.get(f"{tp.BASE}/healthz")
            driver.execute_script("sessionStorage.clear()")
            tp.set_lang(driver, lang)
            tp.login(driver, token)
            driver.get(f"{tp.BASE}/ui/requisitions")
            rows = tp.el(driver, "#rq-table").find_elements(By.CSS_SELECTOR, "tbody tr")
            problems = [("list", c) for c in tp.untranslated(driver, codes, lang)]
            rows[0].click()
            tp.el(driver, "#rq-detail-lines")
            problems += [("detail", c) for c in tp.untranslated(driver, codes, lang)]
            tp.click(driver, "[data-tab='new']")
            tp.el(driver, "#rq-form")
            tp.wait(driver, lambda d: "…" not in d.find_element(By.ID, "main").text, what="loaded")
            problems += [("form", c) for c in tp.untranslated(driver, codes, lang)]
            assert not problems, f"{token} in {lang}: untranslated codes {problems}"


def main():
    tp.run_suite("requisitions", globals())


if __name__ == "__main__":
    main()
