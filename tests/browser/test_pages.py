#!/usr/bin/env python3
"""The web pages in real headless Chromium against a live demo server.

Usage: python3 tests/browser/test_pages.py http://127.0.0.1:PORT [--screenshots DIR]

With `--screenshots DIR` it only saves pictures of the Chinese pages (for the README).

Scenarios: the scan station (ten fast scans are exactly ten units; an over-issue and an
unknown barcode are refused on screen), a dealer filing, submitting, amending and
resubmitting a claim the reviewer sent back, the reviewer and finance pages. Screenshots
of failures are saved in a temporary directory and their paths printed. The last line is
`browser: N passed, M failed`; the exit status is non-zero when anything failed.
"""

import json
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "http://127.0.0.1:8080"
BARCODE = "6901234535190"  # BC-3519
WAIT = 20


def api(method, path, token, body=None, headers=None):
    """Calls the API; returns (status, parsed JSON)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{BASE}/api/v1{path}", data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def stock_qty(part, location):
    status, page = api("GET", f"/stock?part={part}&location={location}&include_zero=true", "demo-admin")
    assert status == 200, page
    return page["items"][0]["qty"] if page["items"] else 0


def new_driver(width=1280, height=900):
    opts = webdriver.ChromeOptions()
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tempfile.mkdtemp(prefix='sanbao-chromium-')}",
        f"--window-size={width},{height}",
    ]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        opts.binary_location = binary
    driver_path = shutil.which("chromedriver")
    service = Service(executable_path=driver_path) if driver_path else Service()
    driver = webdriver.Chrome(options=opts, service=service)
    driver.set_page_load_timeout(30)
    return driver


def wait(driver, cond, timeout=WAIT, what=""):
    def settled(d):
        # A click that navigates (sign-in, sign-out) can abort a lookup midway: look again.
        try:
            return cond(d)
        except StaleElementReferenceException:
            return False
        except WebDriverException as e:
            if "aborted by navigation" in str(e):
                return False
            raise
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(settled, what)


def el(driver, css):
    return wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, css)), what=f"visible {css}")


def click(driver, css):
    e = wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, css)), what=f"clickable {css}")
    e.click()
    return e


def text_in(driver, css, text, timeout=WAIT):
    wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), timeout, f"{text!r} in {css}")


def typed(driver, css, value):
    """Types `value` into the field, found again if the page redraws it meanwhile."""
    for _ in range(5):
        try:
            e = el(driver, css)
            e.clear()
            e.send_keys(value)
            return e
        except StaleElementReferenceException:
            continue
    raise AssertionError(f"{css} was redrawn five times while typing into it")


def login(driver, token):
    driver.get(f"{BASE}/ui/")
    typed(driver, "#token", token)
    click(driver, "#login")
    el(driver, "#role")


# ---- Scenarios ----


def test_login_rejects_a_bad_token(driver):
    driver.get(f"{BASE}/ui/")
    typed(driver, "#token", "not-a-token")
    click(driver, "#login")
    text_in(driver, "main", "not accepted")
    login(driver, "demo-clerk")
    assert driver.current_url.endswith("/ui/scan"), driver.current_url
    text_in(driver, "#role", "clerk")
    nav = driver.find_element(By.ID, "nav").text
    assert "Scan station" in nav and "Finance" not in nav, nav
    click(driver, "#logout")
    el(driver, "#token")


def test_scan_station_ten_fast_scans_are_ten_units(driver):
    before = stock_qty("BC-3519", "WH-01")
    login(driver, "demo-clerk")
    click(driver, "[data-kind=receipt]")
    Select(el(driver, "#location")).select_by_value("WH-01")
    typed(driver, "#unit-cost", "320.00")
    click(driver, "#start")
    scan = el(driver, "#scan-input")
    assert driver.switch_to.active_element == scan, "the scan input has the focus"
    # A handheld scanner: ten barcodes, each ended by Enter, as fast as keys go.
    scan.send_keys((BARCODE + Keys.ENTER) * 10)
    text_in(driver, "#count-ok", "10", timeout=60)
    text_in(driver, "#count-pending", "0")
    assert driver.find_element(By.ID, "count-err").text == "0"
    assert "BC-3519" in driver.find_element(By.ID, "scan-result").text
    posted = driver.find_elements(By.CSS_SELECTOR, "#scan-log-table tbody tr")
    assert len(posted) == 10, f"{len(posted)} scans in the log"
    # The scans built one draft line of ten; nothing is in stock until it posts.
    assert stock_qty("BC-3519", "WH-01") == before, "a draft moves no stock"
    text_in(driver, "#draft-lines", "BC-3519")
    rows = driver.find_elements(By.CSS_SELECTOR, "#draft-lines tbody tr")
    assert len(rows) == 1, f"{len(rows)} draft lines"
    click(driver, "#post-draft")
    text_in(driver, "#draft-posted", "RC-")
    after = stock_qty("BC-3519", "WH-01")
    assert after == before + 10, f"stock went from {before} to {after}"
    # One receipt of ten units at the typed unit cost.
    status, page = api("GET", "/stock/receipts?location=WH-01&limit=1", "demo-admin")
    assert status == 200, page
    rc = page["items"][0]
    assert rc["lines"] == [{"part_no": "BC-3519", "qty": 10, "unit_cost_fen": 32000, "value_fen": 320000}], rc
    # The receipt is reversed (红冲) from the same page, with a reason.
    typed(driver, "#reverse-reason", "delivered to the wrong warehouse")
    click(driver, "#reverse")
    text_in(driver, "#reversed", rc["number"])
    assert stock_qty("BC-3519", "WH-01") == before, "the reversal took the ten units out"
    status, rv = api("GET", f"/stock/receipts/{rc['number']}/reversal", "demo-admin")
    assert status == 200 and rv["original"] == rc["number"], rv


def test_scan_station_previews_corrects_and_posts_a_stocktake(driver):
    login(driver, "demo-clerk")
    click(driver, "[data-kind=count]")
    click(driver, "details summary")
    Select(el(driver, "#stocktake-location")).select_by_value("WH-01")
    click(driver, "#open-stocktake")
    text_in(driver, "#setup", "Opened ST-")
    click(driver, "#start")
    booked = stock_qty("BC-3519", "WH-01")
    el(driver, "#scan-input").send_keys((BARCODE + Keys.ENTER) * 2)
    text_in(driver, "#count-ok", "2")
    click(driver, "#preview-stocktake")
    text_in(driver, "#variance-table", "BC-3519")
    assert stock_qty("BC-3519", "WH-01") == booked, "a preview writes nothing"
    # The count is corrected down to zero, previewed again and posted.
    typed(driver, "#set-count-part", "BC-3519")
    typed(driver, "#set-count-qty", "0")
    old = driver.find_element(By.ID, "preview-stocktake")
    click(driver, "#set-count")
    wait(driver, EC.staleness_of(old), what="the counts shown again")
    click(driver, "#preview-stocktake")
    text_in(driver, "#variance-table", f"-{booked}" if booked else "No variance")
    click(driver, "#post-stocktake")
    driver.switch_to.alert.accept()
    text_in(driver, "#scan-context", "posted")
    assert stock_qty("BC-3519", "WH-01") == 0


def test_scan_station_retries_a_lost_answer_with_the_same_key(driver):
    before = stock_qty("FLT-0042", "WH-01")
    _, part = api("GET", "/parts/FLT-0042", "demo-admin")
    login(driver, "demo-clerk")
    click(driver, "[data-kind=receipt]")
    Select(el(driver, "#location")).select_by_value("WH-01")
    click(driver, "#start")
    # The connection drops after the server has posted the first two scans but before
    # their answers arrive: the page must retry them with the same key, not post twice.
    driver.execute_script("""
        const real = window.fetch;
        let drop = 2;
        window.fetch = async (url, opts) => {
            const answer = await real(url, opts);
            if (opts && opts.method === "POST" && drop > 0) { drop--; throw new TypeError("connection reset"); }
            return answer;
        };""")
    el(driver, "#scan-input").send_keys((part["barcodes"][0] + Keys.ENTER) * 3)
    text_in(driver, "#count-ok", "3", timeout=30)
    text_in(driver, "#count-pending", "0")
    assert driver.find_element(By.ID, "count-err").text == "0"
    # Three units on the draft's one line, posted once.
    text_in(driver, "#draft-lines", "FLT-0042")
    click(driver, "#post-draft")
    text_in(driver, "#draft-posted", "RC-")
    after = stock_qty("FLT-0042", "WH-01")
    assert after == before + 3, f"stock went from {before} to {after}"


def test_scan_station_refuses_an_over_issue_and_an_unknown_barcode(driver):
    _, rq = api("GET", "/requisitions/RQ-000003", "demo-admin")
    issued = rq["lines"][0]["issued_qty"]
    login(driver, "demo-clerk")
    click(driver, "[data-kind=issue]")
    typed(driver, "#doc-number", "RQ-000003")
    click(driver, "#start")
    text_in(driver, "#scan-context", "RQ-000003")
    typed(driver, "#scan-qty", "5")
    el(driver, "#scan-input").send_keys(BARCODE + Keys.ENTER)
    wait(driver, lambda d: "err" in d.find_element(By.ID, "scan-result").get_attribute("class"), what="red result")
    result = driver.find_element(By.ID, "scan-result").text
    assert "More than approved (at most 1)" in result, result
    assert driver.find_element(By.ID, "count-err").text == "1"
    assert driver.find_element(By.ID, "scan-qty").get_attribute("value") == "1", "quantity returns to 1"
    # An unknown barcode.
    el(driver, "#scan-input").send_keys("0000000000000" + Keys.ENTER)
    text_in(driver, "#scan-result", "Unknown barcode")
    text_in(driver, "#count-err", "2")
    _, rq = api("GET", "/requisitions/RQ-000003", "demo-admin")
    assert rq["lines"][0]["issued_qty"] == issued, "nothing was issued"


def phone(driver, on):
    """Emulates a phone's screen (390 CSS pixels wide), or stops emulating."""
    if on:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_scan_station_on_a_phone(driver):
    phone(driver, True)
    try:
        login(driver, "demo-dealer-D001")
        driver.get(f"{BASE}/ui/scan")
        el(driver, "[data-kind]")
        kinds = [b.get_attribute("data-kind") for b in driver.find_elements(By.CSS_SELECTOR, "[data-kind]")]
        assert kinds == ["transfer", "issue"], kinds
        click(driver, "[data-kind=issue]")
        typed(driver, "#doc-number", "RQ-000005")
        click(driver, "#start")
        scan = el(driver, "#scan-input")
        inner = driver.execute_script("return window.innerWidth")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert inner == 390 and width <= 390, f"page is {width}px wide on a {inner}px phone"
        scan.send_keys(BARCODE + Keys.ENTER)
        text_in(driver, "#count-ok", "1")
        text_in(driver, "#scan-result", "1 on the draft")
        text_in(driver, "#draft-lines", "BC-3519")
    finally:
        phone(driver, False)


def test_scan_station_counts_and_posts_a_stocktake(driver):
    login(driver, "demo-clerk")
    click(driver, "[data-kind=count]")
    click(driver, "details summary")
    Select(el(driver, "#stocktake-location")).select_by_value("ST-D003")
    click(driver, "#open-stocktake")
    text_in(driver, "#setup", "Opened ST-")
    click(driver, "#start")
    el(driver, "#scan-input").send_keys((BARCODE + Keys.ENTER) * 3)
    text_in(driver, "#count-ok", "3")
    text_in(driver, "#scan-result", "3 counted so far")
    booked = stock_qty("BC-3519", "ST-D003")
    click(driver, "#post-stocktake")
    driver.switch_to.alert.accept()
    text_in(driver, "#scan-context", "posted")
    assert stock_qty("BC-3519", "ST-D003") == 3, f"booked {booked}, counted 3"


def test_old_part_receipt_refuses_another_dealers_tag_and_inspection_follows(driver):
    _, tags = api("GET", "/old-parts?status=due", "demo-admin")
    tag = tags["items"][0]
    login(driver, "demo-clerk")
    click(driver, "[data-kind=oldpart]")
    other = "D002" if tag["dealer"] != "D002" else "D001"
    Select(el(driver, "#parcel-dealer")).select_by_value(other)
    click(driver, "#start")
    el(driver, "#scan-input").send_keys(tag["tag"] + Keys.ENTER)
    wait(driver, lambda d: "err" in d.find_element(By.ID, "scan-result").get_attribute("class"), what="red result")
    text_in(driver, "#count-err", "1")
    click(driver, "#change")
    Select(el(driver, "#parcel-dealer")).select_by_value(tag["dealer"])
    click(driver, "#start")
    el(driver, "#scan-input").send_keys(tag["tag"] + Keys.ENTER)
    text_in(driver, "#count-ok", "1")
    text_in(driver, "#scan-result", tag["claim"])
    # The reviewer inspects it.
    click(driver, "#logout")
    login(driver, "demo-reviewer")
    click(driver, "[data-tab=old-parts]")
    row = next(r for r in el(driver, "#inspect-table").find_elements(By.CSS_SELECTOR, "tbody tr") if tag["tag"] in r.text)
    Select(row.find_element(By.CSS_SELECTOR, "select.disposition")).select_by_value("supplier_fault")
    row.find_element(By.CSS_SELECTOR, "input.notes").send_keys("diaphragm torn")
    row.find_element(By.CSS_SELECTOR, "button").click()
    text_in(driver, "main", "inspected: supplier fault")
    _, done = api("GET", f"/old-parts/{tag['tag']}", "demo-admin")
    assert done["status"] == "inspected" and done["disposition"] == "supplier_fault", done


def fill_claim(driver, minutes):
    typed(driver, "#unit-serial", "LZYTBGBW5N1001004").send_keys(Keys.TAB)
    text_in(driver, "#unit-info", "K9-City")
    typed(driver, "#fault-code", "ELE-104")
    typed(driver, "#description", "Headlamp dead, replaced")
    typed(driver, "#usage-km", "52000")
    part = typed(driver, ".line-part", "HLM")
    wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, ".suggest li")), what="part suggestions")
    typed(driver, ".line-part", "HLM-1144")
    part.send_keys(Keys.TAB)
    typed(driver, ".line-minutes", str(minutes))
    click(driver, "#add-travel")
    typed(driver, ".line-edit[data-kind=travel] .line-amount", "150.00")


def test_dealer_files_amends_and_resubmits_a_claim(driver):
    login(driver, "demo-dealer-D001")
    assert driver.current_url.endswith("/ui/dealer"), driver.current_url
    el(driver, "#claims-table")
    click(driver, "#new-claim")
    el(driver, "#claim-form")
    fill_claim(driver, 90)
    click(driver, "#save-draft")
    text_in(driver, "main", "as draft")
    heading = el(driver, "main h2").text
    number = heading.split()[1]
    assert number.startswith("CL-"), heading
    _, claim = api("GET", f"/claims/{number}", "demo-dealer-D001")
    assert claim["status"] == "draft" and len(claim["lines"]) == 3, claim
    assert [l["kind"] for l in claim["lines"]] == ["part", "labor", "travel"], claim
    assert claim["lines"][2]["claimed_fen"] == 15000
    click(driver, "#submit-claim")
    text_in(driver, "main", "Submitted")
    text_in(driver, "#claim-lines", "awaiting old part")
    # The old-part label opens in a new window, fetched with the token.
    handles = len(driver.window_handles)
    click(driver, ".print-label")
    wait(driver, lambda d: len(d.window_handles) > handles, what="label window")
    main_window = driver.current_window_handle
    driver.switch_to.window(driver.window_handles[-1])
    wait(driver, lambda d: "OP-" in d.find_element(By.TAG_NAME, "body").text, what="label content")
    assert "HLM-1144" in driver.find_element(By.TAG_NAME, "body").text
    driver.close()
    driver.switch_to.window(main_window)

    # The reviewer sends it back.
    status, body = api("POST", f"/claims/{number}/review", "demo-reviewer",
                       {"action": "return", "comment": "Labor is over the standard: 60 minutes at most"})
    assert status == 200 and body["status"] == "returned", body

    driver.get(f"{BASE}/ui/dealer")
    text_in(driver, "main", "sent back by the reviewer")
    row = next(r for r in el(driver, "#claims-table").find_elements(By.CSS_SELECTOR, "tbody tr") if number in r.text)
    assert "returned" in row.text, row.text
    row.click()
    text_in(driver, "main", "60 minutes at most")
    click(driver, "#amend-claim")
    minutes = el(driver, ".line-minutes")
    assert minutes.get_attribute("value") == "90"
    typed(driver, ".line-minutes", "60")
    click(driver, "#save-submit")
    text_in(driver, "main", "Submitted")
    _, claim = api("GET", f"/claims/{number}", "demo-dealer-D001")
    assert claim["status"] == "submitted", claim
    assert claim["lines"][1]["minutes"] == 60, claim
    text_in(driver, "main", f"Claim {number}")


def test_reviewer_decides_a_claim_and_finance_sees_it(driver):
    login(driver, "demo-reviewer")
    assert driver.current_url.endswith("/ui/review"), driver.current_url
    el(driver, "#queue-table")
    rows = driver.find_elements(By.CSS_SELECTOR, "#queue-table tbody tr")
    target = next(r for r in rows if "CL-000002" in r.text)
    target.click()
    text_in(driver, "main", "Claim CL-000002")
    selects = driver.find_elements(By.CSS_SELECTOR, "select.outcome")
    assert len(selects) == 3, len(selects)
    Select(selects[1]).select_by_value("reduce")
    amount = driver.find_elements(By.CSS_SELECTOR, "input.amount")[1]
    amount.send_keys("150.00")
    driver.find_elements(By.CSS_SELECTOR, "input.reason")[1].send_keys("150 minutes is enough")
    Select(selects[2]).select_by_value("approve")
    click(driver, "#decide")
    text_in(driver, "#claim-lines", "reduced")
    _, claim = api("GET", "/claims/CL-000002", "demo-reviewer")
    assert claim["lines"][1]["status"] == "reduced" and claim["lines"][1]["approved_fen"] == 15000, claim
    assert claim["lines"][2]["status"] == "approved", claim


def test_finance_page_is_balanced(driver):
    login(driver, "demo-finance")
    assert driver.current_url.endswith("/ui/finance"), driver.current_url
    text_in(driver, "#recon-status", "Balanced")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart svg rect"), what="a chart")
    text_in(driver, "main", "Net warranty cost")
    click(driver, "[data-tab=accounts]")
    text_in(driver, "#accounts-table", "inventory:WH-01")
    click(driver, "[data-tab=settlements]")
    el(driver, "#create-settlement")


def png_file(width=64, height=48, noise=False):
    """A real PNG (a colour gradient, or noise that does not compress) in a temporary file."""
    import struct
    import zlib
    if noise:
        rows = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))
    else:
        rows = b"".join(b"\x00" + b"".join(bytes((x * 4 % 256, y * 5 % 256, 128)) for x in range(width)) for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    fd, path = tempfile.mkstemp(prefix="brake-chamber-", suffix=".png")
    with os.fdopen(fd, "wb") as f:
        f.write(png)
    return path, png


def test_dealer_attaches_a_photo_the_reviewer_sees_and_checks_before_submit(driver):
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    status, claim = api("POST", "/claims", "demo-dealer-D001", {
        "unit_serial": "LZYTBGBW5N1001004", "failure_date": today, "repair_date": today, "usage_km": 52000,
        "fault_code": "ELE-104", "description": "Headlamp dead; photo of the burnt connector",
        "lines": [{"kind": "labor", "minutes": 60}]})
    assert status == 201, claim
    number = claim["number"]
    login(driver, "demo-dealer-D001")
    driver.get(f"{BASE}/ui/dealer#claim={number}")
    text_in(driver, "main", f"Claim {number}")
    text_in(driver, "#attachments", "No attachments yet")
    # The camera button is a file input that asks for the rear camera on a phone.
    camera = driver.find_element(By.CSS_SELECTOR, "#attach-camera")
    assert camera.get_attribute("accept") == "image/*" and camera.get_attribute("capture") == "environment"
    path, png = png_file()
    camera.send_keys(path)
    thumb = wait(driver, lambda d: next((i for i in d.find_elements(By.CSS_SELECTOR, "#attachments img.attachment-thumb")
                                         if (i.get_attribute("src") or "").startswith("blob:")
                                         and d.execute_script("return arguments[0].naturalWidth", i) == 64), None),
                 what="the photo's thumbnail")
    assert thumb is not None
    status, files = api("GET", f"/documents/{number}/attachments", "demo-reviewer")
    assert status == 200 and len(files) == 1 and files[0]["file_type"] == "png", files
    assert files[0]["size_bytes"] == len(png) and files[0]["name"].endswith(".png"), files
    # A big picture (here 4 MB) is scaled down to a JPEG in the browser before it is sent.
    big_path, big = png_file(1200, 1200, noise=True)
    driver.find_element(By.CSS_SELECTOR, "#attach-file").send_keys(big_path)
    wait(driver, lambda d: len(api("GET", f"/documents/{number}/attachments", "demo-reviewer")[1]) == 2, what="the second file")
    files = api("GET", f"/documents/{number}/attachments", "demo-reviewer")[1]
    assert files[1]["file_type"] == "jpeg" and files[1]["size_bytes"] < len(big), (files[1], len(big))
    assert files[1]["name"].endswith(".jpg"), files[1]
    os.remove(big_path)
    # The check shows what a submit would find, and changes nothing.
    click(driver, "#check-claim")
    text_in(driver, "main", "Check before submit")
    text_in(driver, "#check-facts", "Coverage")
    _, after = api("GET", f"/claims/{number}", "demo-dealer-D001")
    assert after["version"] == claim["version"] and after["status"] == "draft", after
    click(driver, "#submit-claim")
    text_in(driver, "main", "Submitted")

    # The reviewer sees the photo beside the lines and opens it full size.
    driver.execute_script("sessionStorage.clear()")
    login(driver, "demo-reviewer")
    el(driver, "#queue-table")
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "#queue-table tbody tr") if number in r.text)
    row.click()
    text_in(driver, "main", f"Claim {number}")
    el(driver, "#claim-lines")
    tile = wait(driver, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, "#attachments button.attachment[data-seq='1']")
                                        if (b.find_element(By.TAG_NAME, "img").get_attribute("src") or "").startswith("blob:")), None),
                what="the reviewer's thumbnail")
    tile.click()
    full = el(driver, "dialog img.attachment-full")
    wait(driver, lambda d: d.execute_script("return arguments[0].naturalWidth", full) == 64, what="the full-size photo")
    assert not driver.find_elements(By.CSS_SELECTOR, "#attach-camera"), "the reviewer only looks"
    os.remove(path)


def test_scan_station_dispatches_a_transfer_as_one_draft_and_reverses_it(driver):
    _, part = api("GET", "/parts/FLT-0042", "demo-admin")
    before = (stock_qty("FLT-0042", "WH-01"), stock_qty("FLT-0042", "ST-D002"))
    assert before[0] >= 3, before
    login(driver, "demo-clerk")
    click(driver, "[data-kind=dispatch]")
    Select(el(driver, "#dispatch-from")).select_by_value("WH-01")
    Select(el(driver, "#dispatch-to")).select_by_value("ST-D002")
    Select(el(driver, "#dispatch-mode")).select_by_value("direct")
    click(driver, "#start")
    el(driver, "#scan-input").send_keys((part["barcodes"][0] + Keys.ENTER) * 3)
    text_in(driver, "#count-ok", "3", timeout=30)
    text_in(driver, "#count-pending", "0")
    text_in(driver, "#draft-lines", "FLT-0042")
    rows = driver.find_elements(By.CSS_SELECTOR, "#draft-lines tbody tr")
    assert len(rows) == 1, f"{len(rows)} draft lines"
    assert (stock_qty("FLT-0042", "WH-01"), stock_qty("FLT-0042", "ST-D002")) == before, "a draft moves no stock"
    click(driver, "#post-draft")
    text_in(driver, "#draft-posted", "TR-")
    number = re.search(r"TR-\d+", el(driver, "#draft-posted").text).group(0)
    _, tr = api("GET", f"/stock/transfers/{number}", "demo-admin")
    assert tr["lines"][0]["qty"] == 3 and tr["from"] == "WH-01" and tr["to"] == "ST-D002", tr
    assert (stock_qty("FLT-0042", "WH-01"), stock_qty("FLT-0042", "ST-D002")) == (before[0] - 3, before[1] + 3)
    typed(driver, "#reverse-reason", "sent to the wrong warehouse")
    click(driver, "#reverse")
    text_in(driver, "#reversed", number)
    assert (stock_qty("FLT-0042", "WH-01"), stock_qty("FLT-0042", "ST-D002")) == before, "the reversal brought them back"


def test_scan_station_issues_on_a_draft_and_reverses_the_issue(driver):
    _, rq = api("GET", "/requisitions/RQ-000003", "demo-admin")
    issued = rq["lines"][0]["issued_qty"]
    login(driver, "demo-clerk")
    click(driver, "[data-kind=issue]")
    typed(driver, "#doc-number", "RQ-000003")
    click(driver, "#start")
    el(driver, "#scan-input").send_keys(BARCODE + Keys.ENTER)
    text_in(driver, "#count-ok", "1")
    text_in(driver, "#draft-lines", "BC-3519")
    _, rq = api("GET", "/requisitions/RQ-000003", "demo-admin")
    assert rq["lines"][0]["issued_qty"] == issued, "a draft issues nothing"
    click(driver, "#post-draft")
    text_in(driver, "#draft-posted", "RQ-000003")
    _, rq = api("GET", "/requisitions/RQ-000003", "demo-admin")
    assert rq["lines"][0]["issued_qty"] == issued + 1, rq
    # The issue just posted is listed with its stock ledger entry and reversed with a reason.
    button = wait(driver, lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, "#rq-movements-table button.reverse-entry")), None),
                  what="a reversible issue")
    typed(driver, "#rq-reverse-reason", "scanned the wrong requisition")
    button.click()
    text_in(driver, "#rq-reversed", "RV-")
    _, rq = api("GET", "/requisitions/RQ-000003", "demo-admin")
    assert rq["lines"][0]["issued_qty"] == issued, rq
    _, reversals = api("GET", "/requisitions/RQ-000003/reversals", "demo-admin")
    assert len(reversals) == 1 and reversals[0]["original_kind"] == "issue", reversals
    text_in(driver, "#rq-movements-table", reversals[0]["number"])


def test_reviewer_reopens_an_automatically_rejected_line(driver):
    status, units = api("GET", "/units?limit=500", "demo-dealer-D001")
    assert status == 200, units
    unit = next((u for u in units["items"] if not u["registration_received_date"]), None)
    assert unit, "a demo unit of D001 without its registration card"
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    status, claim = api("POST", "/claims", "demo-dealer-D001", {
        "unit_serial": unit["serial"], "failure_date": today, "repair_date": today,
        "fault_code": "ELE-104", "description": "Card not back yet", "lines": [{"kind": "labor", "minutes": 30}]})
    assert status == 201, claim
    number = claim["number"]
    status, checked = api("POST", f"/claims/{number}/check", "demo-dealer-D001")
    assert status == 200 and checked["registration"] == "missing" and checked["rejected_lines"] == [1], checked
    status, submitted = api("POST", f"/claims/{number}/submit", "demo-dealer-D001")
    assert status == 200 and submitted["claim"]["lines"][0]["status"] == "rejected", submitted
    assert submitted["claim"]["status"] == "decided", "every line rejected: decided at once, out of the queue"
    login(driver, "demo-reviewer")
    el(driver, "#queue-table")
    click(driver, "[data-tab=decided]")
    row = wait(driver, lambda d: next((r for r in d.find_elements(By.CSS_SELECTOR, "#review-body tbody tr") if number in r.text), None),
               what="the decided claim")
    row.click()
    text_in(driver, "main", f"Claim {number}")
    text_in(driver, "#claim-lines", "rejected by the checks")
    Select(el(driver, "select.outcome")).select_by_value("approve")
    el(driver, "input.reason").send_keys("card received by phone; reopened")
    click(driver, "#decide")
    wait(driver, lambda d: api("GET", f"/claims/{number}", "demo-reviewer")[1]["lines"][0]["status"] == "approved",
         what="the line reopened and approved")
    _, after = api("GET", f"/claims/{number}", "demo-reviewer")
    assert after["lines"][0]["reason"] == "card received by phone; reopened", after


def test_analytics_page_draws_the_mis_curve(driver):
    login(driver, "demo-reviewer")
    driver.get(f"{BASE}/ui/analytics")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#mis-chart svg path"), what="the MIS curve")
    points = driver.find_elements(By.CSS_SELECTOR, "#mis-chart svg circle")
    rows = driver.find_elements(By.CSS_SELECTOR, "#mis-table tbody tr")
    assert len(rows) == 24 and points, (len(rows), len(points))
    text_in(driver, "#mis-summary", "units")
    assert rows[0].find_elements(By.TAG_NAME, "td")[0].text == "1", rows[0].text
    # A cut narrows the same report; the Nevada table and the early warning draw too.
    typed(driver, "[name=months]", "12")
    click(driver, "#analytics-apply")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#mis-table tbody tr")) == 12, what="12 rows")
    click(driver, "[data-tab=nevada]")
    el(driver, "#nevada-table")
    click(driver, "[data-tab=warning]")
    text_in(driver, "#analytics-body", "Early warning per part")
    # Readable on a phone: the page itself never scrolls sideways.
    phone(driver, True)
    try:
        click(driver, "[data-tab=mis]")
        el(driver, "#mis-chart svg")
        wide = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not wide, "the analytics page scrolls sideways on a phone"
    finally:
        phone(driver, False)

# ---- Languages ----

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def downloaded(folder, name, timeout=WAIT):
    """Waits for a finished download named `name` in `folder`; answers its bytes."""
    path = os.path.join(folder, name)
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path) and not os.path.exists(path + ".crdownload") and os.path.getsize(path) > 0:
            time.sleep(0.2)
            with open(path, "rb") as f:
                return f.read()
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded to {folder}: {os.listdir(folder)}")


def xlsx_rows(data):
    """The first sheet of an XLSX file as rows of text (shared and inline strings, numbers)."""
    import io
    import xml.etree.ElementTree as ET
    import zipfile

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    book = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        root = ET.fromstring(book.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in root.findall("m:si", ns)]
    sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells = []
        for c in row.findall("m:c", ns):
            v = c.find("m:v", ns)
            if c.get("t") == "s":
                cells.append(shared[int(v.text)])
            elif c.get("t") == "inlineStr":
                cells.append("".join(t.text or "" for t in c.iter(f"{{{ns['m']}}}t")))
            else:
                n = float(v.text) if v is not None else 0
                cells.append(str(int(n)) if n == int(n) else str(n))
        rows.append(cells)
    return rows


def test_an_export_downloads_and_opens(driver):
    import csv
    import io

    folder = tempfile.mkdtemp(prefix="sanbao-downloads-")
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": folder})
    login(driver, "demo-admin")
    driver.get(f"{BASE}/ui/lists#list=stock")
    el(driver, "#list-table")
    typed(driver, "#f-q", "BC-3519")
    click(driver, "#list-search")
    wait(driver, lambda d: all("BC-3519" in r.text for r in d.find_elements(By.CSS_SELECTOR, "#list-table tbody tr")), what="filtered")
    status, page = api("GET", "/stock?q=BC-3519&limit=500", "demo-admin")
    assert status == 200 and page["items"], page
    expected = [[r["part_no"], r["location"], str(r["qty"]), str(r["value_fen"])] for r in page["items"]]
    assert len(driver.find_elements(By.CSS_SELECTOR, "#list-table tbody tr")) == len(expected)

    click(driver, "#export-csv")
    data = downloaded(folder, "stock.csv")
    assert data.startswith("\ufeff".encode()), "UTF-8 with BOM"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["part_no", "location", "qty", "value_fen"], rows[0]
    assert rows[1:] == expected, rows

    click(driver, "#export-xlsx")
    sheet = xlsx_rows(downloaded(folder, "stock.xlsx"))
    assert sheet[0] == ["part_no", "location", "qty", "value_fen"], sheet[0]
    assert sheet[1:] == expected, sheet
    shutil.rmtree(folder, ignore_errors=True)


def api_codes():
    """Every code the API can answer: the OpenAPI document's string enums and the error table."""
    with urllib.request.urlopen(f"{BASE}/api/v1/openapi.json", timeout=10) as resp:
        doc = json.loads(resp.read())
    codes = set()

    def walk(v):
        if isinstance(v, dict):
            codes.update(x for x in v.get("enum", []) if isinstance(x, str))
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(doc["components"]["schemas"])
    with open(os.path.join(ROOT, "src", "error", "mod.rs"), encoding="utf-8") as f:
        table = f.read().split("pub const ALL_CODES", 1)[1].split("];", 1)[0]
    errors = set(re.findall(r'"([a-z_]+)"', table))
    assert "insufficient_stock" in errors and "ClaimStatus" not in codes, (len(errors), len(codes))
    return codes | errors


def set_lang(driver, lang):
    driver.execute_script("localStorage.setItem('sanbao.lang', arguments[0])", lang)


def untranslated(driver, codes, lang):
    """Codes shown bare on the page: as a substring when the code has an underscore, and as
    the whole text of a badge, cell, option or heading (Chinese pages only, where an English
    word is never a translation)."""
    text = driver.find_element(By.TAG_NAME, "body").text
    found = {c for c in codes if "_" in c and re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)}
    if lang == "zh":
        cells = driver.execute_script("""
            return [...document.querySelectorAll('.badge, td, th, option, button, h1, h2, h3, label, summary, .counter')]
                .filter((e) => e.offsetParent !== null || e.tagName === 'OPTION')
                .map((e) => (e.tagName === 'OPTION' ? e.textContent : e.innerText).trim());""")
        found |= {c for c in cells if c in codes}
    return found


# What each role walks through: (page, tabs to open, row to open in a table, if any).
WALK = {
    "demo-admin": [("scan", [], None), ("approvals", [], None), ("lists", [], None)],
    "demo-clerk": [("scan", [], None)],
    "demo-supervisor": [("approvals", [], None)],
    "demo-dealer-D001": [("dealer", ["units", "old-parts", "settlements", "claims"], "#claims-table"), ("scan", [], None)],
    "demo-reviewer": [("review", ["old-parts", "decided", "claims"], "#queue-table")],
    "demo-finance": [("finance", ["overview", "accounts", "settlements", "supplier-claims"], None),
                     ("analytics", ["nevada", "warning", "reserve", "cost"], None)],
}


def walk_role(driver, token, lang, codes):
    driver.get(f"{BASE}/healthz")
    set_lang(driver, lang)
    login(driver, token)
    want = "zh-CN" if lang == "zh" else "en"
    problems = []
    for page, tab_ids, row_table in WALK[token]:
        driver.get(f"{BASE}/ui/{page}")
        el(driver, "#role")
        assert driver.execute_script("return document.documentElement.lang") == want
        wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "main .muted#loading"), what="loaded")
        views = [(page, None)] + [(page, tab) for tab in tab_ids]
        for _, tab in views:
            if tab:
                click(driver, f"[data-tab='{tab}']")
            time.sleep(0.4)
            if page == "scan":
                for kind in [b.get_attribute("data-kind") for b in driver.find_elements(By.CSS_SELECTOR, "[data-kind]")]:
                    click(driver, f"[data-kind={kind}]")
                    el(driver, "#start")
                    problems += [(page, kind, c) for c in untranslated(driver, codes, lang)]
            wait(driver, lambda d: "…" not in d.find_element(By.ID, "main").text, what="loaded")
            problems += [(page, tab, c) for c in untranslated(driver, codes, lang)]
        if row_table:
            rows = el(driver, row_table).find_elements(By.CSS_SELECTOR, "tbody tr")
            if rows:
                rows[0].click()
                el(driver, "#claim-lines")
                problems += [(page, "claim", c) for c in untranslated(driver, codes, lang)]
    assert not problems, f"{token} in {lang}: untranslated codes {problems}"
    body = driver.find_element(By.TAG_NAME, "body").text
    if lang == "zh":
        assert re.search(r"[\u4e00-\u9fff]", driver.find_element(By.ID, "nav").text), "Chinese navigation"
    else:
        assert not re.search(r"[\u4e00-\u9fff]", driver.find_element(By.ID, "nav").text), "English navigation"
    # Instants are China Standard Time as YYYY-MM-DD HH:mm; money is ¥1,234.56.
    assert not re.search(r"\d{1,2}:\d{2}:\d{2}", body), "times without seconds"
    if "¥" in body:
        assert re.search(r"¥\d{1,3}(,\d{3})*\.\d{2}", body), "money as ¥1,234.56"


def test_every_role_sees_no_bare_code_in_chinese(driver):
    codes = api_codes()
    for token in WALK:
        walk_role(driver, token, "zh", codes)
        driver.execute_script("sessionStorage.clear()")


def test_every_role_sees_no_bare_code_in_english(driver):
    codes = api_codes()
    for token in WALK:
        walk_role(driver, token, "en", codes)
        driver.execute_script("sessionStorage.clear()")


def test_chinese_is_the_default_and_the_switch_is_remembered(driver):
    driver.execute_script("localStorage.clear()")
    login(driver, "demo-clerk")
    assert driver.execute_script("return document.documentElement.lang") == "zh-CN"
    text_in(driver, "#nav", "扫码作业")
    text_in(driver, "#role", "库管员")
    click(driver, "#lang-switch")
    text_in(driver, "#nav", "Scan station")
    assert driver.execute_script("return document.documentElement.lang") == "en"
    driver.refresh()
    text_in(driver, "#nav", "Scan station")
    text_in(driver, "#role", "clerk")
    click(driver, "#lang-switch")
    text_in(driver, "#nav", "扫码作业")


def test_a_refusal_reads_in_chinese_with_its_facts(driver):
    driver.execute_script("localStorage.setItem('sanbao.lang', 'zh')")
    login(driver, "demo-clerk")
    click(driver, "[data-kind=issue]")
    typed(driver, "#doc-number", "RQ-000003")
    click(driver, "#start")
    typed(driver, "#scan-qty", "5")
    el(driver, "#scan-input").send_keys(BARCODE + Keys.ENTER)
    wait(driver, lambda d: "err" in d.find_element(By.ID, "scan-result").get_attribute("class"), what="red result")
    result = driver.find_element(By.ID, "scan-result").text
    assert "超出审批数量（最多 1）" in result and "RQ-000003" in result, result
    assert "issue_exceeds_approved" not in result and "approved and not yet issued" not in result, result


def test_docs_page_works_under_the_content_security_policy(driver):
    driver.get(f"{BASE}/docs/")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock"), what="the operations")


def test_a_dealer_order_ships_only_after_payment(driver):
    """款到发货: the dealer orders, release is refused for funds (in Chinese, the shortfall
    in ¥), finance records the payment, the release goes through, the clerk ships by scan
    and the dealer opens the delivery note (销售发货清单)."""
    dealer, part, qty = "D005", "BP-1009", 2
    status, funds = api("GET", f"/dealers/{dealer}/funds", "demo-admin")
    assert status == 200 and funds["available_fen"] == 0, funds
    status, p = api("GET", f"/parts/{part}", "demo-admin")
    assert status == 200, p
    total = p["dealer_price_fen"] * qty
    shown = f"¥{total // 100:,}.{total % 100:02d}"

    set_lang(driver, "zh")
    login(driver, f"demo-dealer-{dealer}")
    driver.get(f"{BASE}/ui/supply")
    text_in(driver, "#funds-available", "¥0.00")
    typed(driver, "#part-search", part)
    click(driver, "#part-search-go")
    for _ in range(qty):
        click(driver, f".add-part[data-part='{part}']")
    text_in(driver, "#order-total", shown)
    click(driver, "#place-order")
    text_in(driver, "#order-number", "SO-")
    number = el(driver, "#order-number").text.split()[0]
    click(driver, "#release-order")
    text_in(driver, "#order-out", "还差")
    refusal = el(driver, "#order-out").text
    assert f"还差 {shown}" in refusal and "货款不足" in refusal, refusal
    assert "insufficient_funds" not in refusal, refusal
    click(driver, "#logout")

    login(driver, "demo-finance")
    driver.get(f"{BASE}/ui/supply")
    click(driver, "[data-tab=payments]")
    Select(el(driver, "#payment-dealer")).select_by_value(dealer)
    typed(driver, "#payment-amount", f"{total // 100}.{total % 100:02d}")
    typed(driver, "#payment-reference", "ICBC-BROWSER-0001")
    click(driver, "#record-payment")
    text_in(driver, "#payment-recorded", "DP-")
    text_in(driver, "#payment-recorded", shown)
    click(driver, "#logout")

    login(driver, f"demo-dealer-{dealer}")
    driver.get(f"{BASE}/ui/supply")
    click(driver, "[data-tab=orders]")
    next(r for r in el(driver, "#orders-table").find_elements(By.CSS_SELECTOR, "tbody tr") if number in r.text).click()
    click(driver, "#release-order")
    text_in(driver, "#order-number", "已放行")
    text_in(driver, "#funds-held", shown)
    click(driver, "#logout")

    before = stock_qty(part, "WH-01")
    login(driver, "demo-clerk")
    driver.get(f"{BASE}/ui/supply")
    click(driver, "[data-tab=picking]")
    next(r for r in el(driver, "#picking-table").find_elements(By.CSS_SELECTOR, "tbody tr") if number in r.text).click()
    Select(el(driver, "#pick-location")).select_by_value("WH-01")
    scan = el(driver, "#pick-scan")
    scan.send_keys((p["barcodes"][0] + Keys.ENTER) * qty)
    text_in(driver, f".scanned[data-part='{part}']", str(qty))
    # One more is more than the order has open: refused on screen, nothing counted.
    scan.send_keys(p["barcodes"][0] + Keys.ENTER)
    wait(driver, lambda d: "err" in d.find_element(By.ID, "pick-result").get_attribute("class"), what="red result")
    assert el(driver, f".scanned[data-part='{part}']").text == str(qty)
    typed(driver, "#pick-carrier", "SF0000000001")
    click(driver, "#ship-order")
    text_in(driver, "#shipped", "SH-")
    shipment = re.search(r"SH-\d+", el(driver, "#shipped").text).group(0)
    assert stock_qty(part, "WH-01") == before - qty
    status, order = api("GET", f"/parts-orders/{number}", "demo-admin")
    assert status == 200 and order["status"] == "shipped" and order["held_fen"] == 0, order
    click(driver, "#logout")

    login(driver, f"demo-dealer-{dealer}")
    driver.get(f"{BASE}/ui/supply")
    click(driver, "[data-tab=shipments]")
    text_in(driver, "#shipments-table", shipment)
    handles = len(driver.window_handles)
    click(driver, f".delivery-note[data-shipment='{shipment}']")
    wait(driver, lambda d: len(d.window_handles) > handles, what="delivery note window")
    main_window = driver.current_window_handle
    driver.switch_to.window(driver.window_handles[-1])
    wait(driver, lambda d: "销售发货清单" in d.find_element(By.TAG_NAME, "body").text, what="delivery note")
    note = driver.find_element(By.TAG_NAME, "body").text
    assert shipment in note and part in note, note
    driver.close()
    driver.switch_to.window(main_window)


def test_a_return_is_asked_for_and_received_by_scan_and_a_signed_note_recorded(driver):
    """返厂: the dealer asks for a return citing its shipment's line, the clerk receives it
    by scan into the warehouse; finance records a signed delivery note."""
    status, page = api("GET", "/shipments?dealer=D002", "demo-admin")
    assert status == 200 and page["items"], page
    shipment = page["items"][0]
    line = shipment["lines"][0]
    part = line["part_no"]
    status, p = api("GET", f"/parts/{part}", "demo-admin")
    before = stock_qty(part, "WH-01")

    login(driver, "demo-dealer-D002")
    driver.get(f"{BASE}/ui/supply")
    click(driver, "[data-tab=returns]")
    typed(driver, "#return-shipment", shipment["number"])
    click(driver, "#return-load")
    qty = typed(driver, f".return-qty[data-line='{line['line']}']", "1")
    Select(el(driver, "#return-reason")).select_by_value("quality")
    typed(driver, "#return-freight", "12.00")
    click(driver, "#request-return")
    text_in(driver, "#return-requested", "RT-")
    number = re.search(r"RT-\d+", el(driver, "#return-requested").text).group(0)
    click(driver, "#logout")

    login(driver, "demo-clerk")
    driver.get(f"{BASE}/ui/supply")
    click(driver, "[data-tab=returns]")
    next(r for r in el(driver, "#returns-table").find_elements(By.CSS_SELECTOR, "tbody tr") if number in r.text).click()
    Select(el(driver, "#receive-location")).select_by_value("WH-01")
    el(driver, "#receive-scan").send_keys(p["barcodes"][0] + Keys.ENTER)
    text_in(driver, "#receive-count", "1")
    click(driver, "#receive-return")
    text_in(driver, "#return-received", number)
    assert stock_qty(part, "WH-01") == before + 1
    status, r = api("GET", f"/dealer-returns/{number}", "demo-admin")
    assert status == 200 and r["status"] == "received" and r["freight_fen"] == 1200, r
    click(driver, "#logout")

    status, page = api("GET", "/shipments?dealer=D001", "demo-admin")
    unsigned = next(s for s in page["items"] if not s["acknowledged_at"])
    login(driver, "demo-finance")
    driver.get(f"{BASE}/ui/supply")
    click(driver, "[data-tab=shipments]")
    click(driver, f".acknowledge[data-shipment='{unsigned['number']}']")
    typed(driver, "#ack-ref", "档案 2026-03 / 17")
    click(driver, "#ack-save")
    text_in(driver, "#shipments-table", "档案 2026-03 / 17")
    status, s = api("GET", f"/shipments/{unsigned['number']}", "demo-admin")
    assert s["acknowledged_at"] and s["signed_copy_ref"] == "档案 2026-03 / 17", s


def screenshots(out_dir):
    """Saves 1280×800 pictures of the Chinese pages for the README (no scenario runs; the
    last picture posts a few scans on the scan station)."""
    os.makedirs(out_dir, exist_ok=True)
    driver = new_driver(1280, 800)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    try:
        driver.get(f"{BASE}/healthz")
        set_lang(driver, "zh")
        login(driver, "demo-dealer-D001")
        el(driver, "#claims-table")
        driver.save_screenshot(os.path.join(out_dir, "dealer-claims.png"))
        next(r for r in el(driver, "#claims-table").find_elements(By.CSS_SELECTOR, "tbody tr") if "CL-000002" in r.text).click()
        el(driver, "#claim-lines")
        wait(driver, lambda d: "…" not in d.find_element(By.ID, "main").text, what="loaded")
        driver.save_screenshot(os.path.join(out_dir, "dealer-claim.png"))
        click(driver, "#logout")
        login(driver, "demo-reviewer")
        next(r for r in el(driver, "#queue-table").find_elements(By.CSS_SELECTOR, "tbody tr") if "CL-000002" in r.text).click()
        el(driver, "#claim-lines")
        driver.save_screenshot(os.path.join(out_dir, "review-claim.png"))
        click(driver, "#logout")
        login(driver, "demo-finance")
        text_in(driver, "#recon-status", "帐物一致")
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".chart svg rect"), what="a chart")
        driver.save_screenshot(os.path.join(out_dir, "finance-overview.png"))
        click(driver, "#logout")
        login(driver, "demo-clerk")
        click(driver, "[data-kind=receipt]")
        Select(el(driver, "#location")).select_by_value("WH-01")
        click(driver, "#start")
        el(driver, "#scan-input").send_keys((BARCODE + Keys.ENTER) * 3)
        text_in(driver, "#count-ok", "3", timeout=60)
        el(driver, "#scan-input").send_keys("0000000000000" + Keys.ENTER)
        text_in(driver, "#count-err", "1")
        driver.save_screenshot(os.path.join(out_dir, "scan-station.png"))
    finally:
        driver.quit()
    print(f"screenshots saved in {out_dir}")


def run_suite(label, namespace):
    """Runs every `test_*` function of `namespace` in one browser, each from a clean tab in
    English with an empty console, failing any that the content security policy blocked;
    prints `browser (label): N passed, M failed` and exits 1 on a failure."""
    prefix = f"sanbao-browser-{label}-" if label else "sanbao-browser-"
    shots = tempfile.mkdtemp(prefix=prefix)
    tests = [(name, fn) for name, fn in namespace.items() if name.startswith("test_") and callable(fn)]
    driver = new_driver()
    passed = failed = 0
    started = time.time()
    try:
        for name, fn in tests:
            t0 = time.time()
            try:
                driver.get(f"{BASE}/healthz")
                driver.execute_script("sessionStorage.clear()")
                # The scenarios read English texts; the language tests choose their own.
                driver.execute_script("localStorage.setItem('sanbao.lang', 'en')")
                driver.get_log("browser")  # start from an empty console
                fn(driver)
                blocked = [e.get("message", "") for e in driver.get_log("browser")
                           if "Content Security Policy" in e.get("message", "")]
                assert not blocked, f"the content security policy blocked: {blocked}"
                passed += 1
                print(f"ok   {name} ({time.time() - t0:.1f}s)", flush=True)
            except Exception:
                failed += 1
                path = os.path.join(shots, f"{name}.png")
                try:
                    driver.save_screenshot(path)
                except Exception:
                    path = "(no screenshot)"
                print(f"FAIL {name} ({time.time() - t0:.1f}s); screenshot {path}", flush=True)
                traceback.print_exc()
                try:
                    for entry in driver.get_log("browser")[-10:]:
                        print("  console:", entry.get("message"))
                except Exception:
                    pass
            # Start the next scenario from a clean window.
            try:
                for h in driver.window_handles[1:]:
                    driver.switch_to.window(h)
                    driver.close()
                driver.switch_to.window(driver.window_handles[0])
            except Exception:
                driver.quit()
                driver = new_driver()
    finally:
        driver.quit()
    if not failed:
        shutil.rmtree(shots, ignore_errors=True)
    print(f"({time.time() - started:.0f}s)")
    print(f"browser{f' ({label})' if label else ''}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def main():
    if "--screenshots" in sys.argv:
        screenshots(sys.argv[sys.argv.index("--screenshots") + 1])
        return
    run_suite("", globals())


if __name__ == "__main__":
    main()
