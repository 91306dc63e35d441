#!/usr/bin/env python3
"""Everyday documents in real headless Chromium against a live demo server: the approver
sees part names, value and stock on hand (a shortfall marked) on a pending requisition and
approves it; finance opens a settlement as a document (no JSON on screen, the total in
capitals) and filters the journal by date; a supervisor opens a service report with its
photo and confirms it. Each test makes its own records.

Usage: python3 tests/browser/test_documents.py http://127.0.0.1:PORT
The last line is `browser (documents): N passed, M failed`.
"""

import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402


def today():
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))


def set_date(driver, css, value):
    e = tp.el(driver, css)
    driver.execute_script("arguments[0].value = arguments[1]", e, value)


def test_the_approver_sees_names_value_and_stock_on_hand_and_approves(driver):
    status, stock = tp.api("GET", "/stock?limit=200", "demo-admin")
    assert status == 200, stock
    row = next(r for r in stock["items"] if r["location"].startswith("WH") and 0 < r["qty"] < 1000)
    status, part = tp.api("GET", f"/parts/{row['part_no']}", "demo-admin")
    assert status == 200, part
    reason = f"docviews {time.time():.0f}"
    status, rq = tp.api("POST", "/requisitions", "demo-clerk", {
        "location": row["location"], "purpose": "internal",
        "lines": [{"part_no": row["part_no"], "qty": row["qty"] + 1, "reason": reason}], "submit": True})
    assert status == 201, rq
    number = rq["number"]
    tp.login(driver, "demo-supervisor")
    driver.get(f"{tp.BASE}/ui/approvals")
    card = tp.el(driver, f".approval[data-number='{number}']")
    text = card.text
    assert part["name"] in text and row["part_no"] in text and reason in text, text
    line = card.find_element(By.CSS_SELECTOR, f"tr[data-part='{row['part_no']}']")
    assert "shortfall" in line.get_attribute("class"), "asking for one more than is on hand is a shortfall"
    assert line.find_element(By.CSS_SELECTOR, ".on-hand").text.startswith(str(row["qty"])), line.text
    status, page = tp.api("GET", f"/approvals/requisitions?q={number}", "demo-supervisor")
    ctx = next(i["context"] for i in page["items"] if i["requisition"]["number"] == number)
    total = ctx["total_value_fen"]
    assert total > 0 and f"{total // 100:,}.{total % 100:02d}" in card.find_element(By.CSS_SELECTOR, ".total-value").text, (total, card.text)
    card.find_element(By.CSS_SELECTOR, "input").send_keys("ok, order more")
    card.find_element(By.CSS_SELECTOR, "button.primary").click()
    tp.wait(driver, EC.staleness_of(card), what="the list reloaded")
    tp.text_in(driver, "#approvals-body", number)
    status, after = tp.api("GET", f"/requisitions/{number}", "demo-admin")
    assert after["status"] == "approved" and after["decided_by"] == "demo-supervisor", after
    # The history tab lists it with who decided and the comment.
    tp.click(driver, "[data-tab='history']")
    tp.text_in(driver, "#history-table", number)
    tp.text_in(driver, "#history-table", "ok, order more")


def test_finance_opens_a_settlement_as_a_document_and_filters_the_journal(driver):
    status, settlements = tp.api("GET", "/settlements?status=confirmed", "demo-finance")
    assert status == 200 and settlements["items"], settlements
    se = settlements["items"][0]
    tp.login(driver, "demo-finance")
    driver.get(f"{tp.BASE}/ui/finance")
    tp.click(driver, "[data-tab='settlements']")
    rows = tp.el(driver, "#settlements-table").find_elements(By.CSS_SELECTOR, "tbody tr")
    row = next(r for r in rows if se["number"] in r.text)
    row.find_element(By.CSS_SELECTOR, "button.view-document").click()
    view = tp.el(driver, "dialog .document-view[data-kind='settlement']")
    text = tp.el(driver, "dialog").text
    assert "{" not in text and '":' not in text, text
    assert se["number"] in text and se["dealer"] in text, text
    assert "元" in tp.el(driver, "dialog .capitals").text, "the total in capitals"
    assert view.find_elements(By.CSS_SELECTOR, "#doc-lines tbody tr"), "the settlement's lines"
    assert view.find_elements(By.CSS_SELECTOR, "a.doc-link"), "its claims as links"
    assert tp.el(driver, "dialog .voucher"), "its journal entry as a voucher"
    driver.find_element(By.CSS_SELECTOR, "dialog button").click()
    # The journal by date: nothing after today, today's entries on today.
    tp.click(driver, "[data-tab='journal']")
    tp.el(driver, "#journal-form")
    tomorrow = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 32 * 3600))
    set_date(driver, "#journal-from", tomorrow)
    set_date(driver, "#journal-to", tomorrow)
    tp.click(driver, "#journal-apply")
    tp.wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "p#journal-table"), what="no entries tomorrow")
    set_date(driver, "#journal-from", today())
    set_date(driver, "#journal-to", today())
    tp.click(driver, "#journal-apply")
    table = tp.el(driver, "table#journal-table")
    dates = {td.text[:10] for td in table.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-child(2)")}
    assert dates == {today()}, dates
    table.find_elements(By.CSS_SELECTOR, "tbody tr")[0].click()
    voucher = tp.el(driver, "dialog .voucher")
    assert "{" not in voucher.text, voucher.text


def png():
    path, data = tp.png_file()
    os.unlink(path)
    return data


def upload(number, token, data):
    req = urllib.request.Request(f"{tp.BASE}/api/v1/documents/{number}/attachments?name=repair.png", data=data, method="POST")
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "image/png")
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 201, resp.status


def test_a_supervisor_confirms_a_service_report_with_its_photo(driver):
    status, units = tp.api("GET", "/units?dealer=D001&limit=1", "demo-admin")
    assert status == 200 and units["items"], units
    status, stations = tp.api("GET", "/locations?kind=service_station&limit=100", "demo-admin")
    station = next(x["code"] for x in stations["items"] if x.get("dealer") == "D001")
    customer = f"Line {time.time():.0f}"
    status, sr = tp.api("POST", "/service-reports", "demo-dealer-D001", {
        "unit_serial": units["items"][0]["serial"], "location": station, "fault_code": "BRK-021", "description": "brake chamber replaced",
        "usage_km": 64000, "labor_minutes": 90, "travel_fen": 5000, "consumed": [],
        "customer_name": customer, "customer_signed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    assert status == 201, sr
    number = sr["number"]
    upload(number, "demo-dealer-D001", png())
    tp.login(driver, "demo-supervisor")
    driver.get(f"{tp.BASE}/ui/approvals")
    tp.click(driver, "[data-tab='service-reports']")
    rows = tp.el(driver, "#reports-table").find_elements(By.CSS_SELECTOR, "tbody tr")
    next(r for r in rows if number in r.text).click()
    view = tp.el(driver, "#report-view dl")
    assert customer in tp.el(driver, "#report-view").text
    thumb = tp.el(driver, "#report-view img.attachment-thumb")
    tp.wait(driver, lambda d: (thumb.get_attribute("src") or "").startswith("blob:"), what="the photo loaded")
    tp.wait(driver, lambda d: d.execute_script("return arguments[0].naturalWidth", thumb) > 0, what="the photo drawn")
    tp.click(driver, "#confirm-report")
    tp.wait(driver, EC.staleness_of(view), what="the dialog closed")
    tp.text_in(driver, "#approvals-body", number)
    status, after = tp.api("GET", f"/service-reports/{number}", "demo-admin")
    assert after["confirmed_by"] == "demo-supervisor" and after["confirmed_at"], after
    # Confirmed, it is among the confirmed ones and prints.
    rows = tp.el(driver, "#confirmed-reports-table").find_elements(By.CSS_SELECTOR, "tbody tr")
    next(r for r in rows if number in r.text).click()
    tp.el(driver, "#print-report")


def main():
    tp.run_suite("documents", globals())


if __name__ == "__main__":
    main()
