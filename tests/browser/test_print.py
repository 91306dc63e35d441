#!/usr/bin/env python3
"""The printed documents, printed to PDF by real headless Chromium against a live demo server.

Usage: python3 tests/browser/test_print.py http://127.0.0.1:PORT

Each print page is opened at its own address with the caller's token sent as a header (so the
server's CSP applies as in production), printed with Page.printToPDF honouring the page's CSS
page size, and the PDF is checked with poppler: the page count and size (the old-part label is
exactly one 80 x 50 mm sticker, everything else A4), the Chinese text the document must carry
(the notice's total in figures and in capitals), and the label's Code 39 barcode decoded by
zbar back to the tag. What the demo data lacks (a confirmed service report, a shipment, and
a settlement when anything is left to settle) is made through the API first. The last line is `print: N passed, M failed`; the
exit status is non-zero when anything failed.
"""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8080"
DEALER = "demo-dealer-D001"
OUT = tempfile.mkdtemp(prefix="sanbao-print-")
MM_PER_PT = 25.4 / 72
A4_MM = (210, 297)
LABEL_MM = (80, 50)


def api(method, path, token, body=None):
    """Calls the API; returns (status, parsed JSON)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{BASE}/api/v1{path}", data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def money(fen):
    """¥1,234.56, as the documents print money."""
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def capitals(fen):
    """The design's canonical 大写金额, written again here as an independent oracle."""
    digits, places, groups = "零壹贰叁肆伍陆柒捌玖", ["", "拾", "佰", "仟"], ["", "万", "亿", "万亿", "亿亿"]
    sign, fen = ("负", -fen) if fen < 0 else ("", fen)
    yuan, jiao, fen_digit = fen // 100, fen // 10 % 10, fen % 10
    if fen == 0:
        return "零元整"
    words, zero = "", False
    parts = []
    while yuan:
        parts.append(yuan % 10000)
        yuan //= 10000
    for g in reversed(range(len(parts))):
        if parts[g] == 0:
            zero = zero or bool(words)
            continue
        for p in (3, 2, 1, 0):
            d = parts[g] // 10**p % 10
            if d == 0:
                zero = zero or bool(words)
                continue
            words += ("零" if zero else "") + digits[d] + places[p]
            zero = False
        words += groups[g]
        zero = False
    out = sign + (words + "元" if words else "")
    if jiao == 0 and fen_digit == 0:
        return out + "整"
    if jiao:
        out += digits[jiao] + "角"
    elif words:
        out += "零"
    if fen_digit:
        out += digits[fen_digit] + "分"
    return out


def new_driver():
    opts = webdriver.ChromeOptions()
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tempfile.mkdtemp(prefix='sanbao-chromium-')}",
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


class Printed:
    """One document printed to PDF: its file, page count, page size in mm and flat text."""

    def __init__(self, name, pdf):
        self.name, self.pdf = name, pdf
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        self.pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups()
        self.size_mm = (float(w) * MM_PER_PT, float(h) * MM_PER_PT)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
        self.text = "".join(text.split())  # line breaks fall anywhere in a long field

    def assert_size(self, mm):
        assert all(abs(a - b) < 1.0 for a, b in zip(self.size_mm, mm)), f"{self.name}: {self.size_mm} mm, want {mm}"

    def assert_says(self, *words):
        for w in words:
            assert "".join(w.split()) in self.text, f"{self.name}: {w!r} missing from {self.text[:600]!r}"


def print_page(driver, name, path, token):
    """Opens BASE/api/v1 + path with the token and prints it to PDF with its CSS page size."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Bearer {token}"}})
    driver.get(f"{BASE}/api/v1{path}")
    driver.get_log("browser")  # the page is script-free: nothing may have been blocked or run
    assert driver.execute_script("return document.scripts.length") == 0, f"{name}: a script on a print page"
    result = driver.execute_cdp_cmd(
        "Page.printToPDF",
        {"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False},
    )
    pdf = os.path.join(OUT, f"{name}.pdf")
    with open(pdf, "wb") as f:
        f.write(base64.b64decode(result["data"]))
    logs = [
        e["message"]
        for e in driver.get_log("browser")
        if e["level"] in ("SEVERE", "WARNING") and "favicon.ico" not in e["message"]
    ]
    assert not logs, f"{name}: console: {logs}"
    return Printed(name, pdf)


def decode_barcodes(pdf):
    """Every barcode zbar finds in the PDF rendered at 300 dpi."""
    prefix = pdf[:-4]
    subprocess.run(["pdftoppm", "-r", "300", "-png", pdf, prefix], check=True)
    found = []
    for png in sorted(p for p in os.listdir(OUT) if p.startswith(os.path.basename(prefix)) and p.endswith(".png")):
        r = subprocess.run(["zbarimg", "-q", "--raw", os.path.join(OUT, png)], capture_output=True, text=True)
        found += [line for line in r.stdout.splitlines() if line]
    return found


def test_label_is_one_sticker_whose_barcode_reads_back_the_tag(driver):
    status, page = api("GET", "/old-parts?limit=1", DEALER)
    assert status == 200 and page["items"], page
    tag = page["items"][0]
    _, part = api("GET", f"/parts/{tag['part_no']}", "demo-admin")
    doc = print_page(driver, "label", f"/old-parts/{tag['tag']}/label", DEALER)
    assert doc.pages == 1, f"label: {doc.pages} pages"
    doc.assert_size(LABEL_MM)
    doc.assert_says(tag["tag"], tag["part_no"], tag["claim"], tag["unit_serial"], tag["due_date"], "返回期限", "经销商")
    doc.assert_says(tag["dealer"], part["name"][:8])
    codes = decode_barcodes(doc.pdf)
    assert codes == [tag["tag"]], f"barcode read {codes}, want {tag['tag']}"


def settlement():
    """A D001 settlement: a new one when anything is settleable, else the newest."""
    status, body = api("POST", "/settlements", "demo-finance",
                       {"dealer": "D001", "period_from_date": "2000-01-01", "period_to_date": "2099-12-31"})
    if status == 201:
        return body
    assert status == 409 and body["code"] == "nothing_to_settle", body
    status, page = api("GET", "/settlements?dealer=D001&limit=1", "demo-finance")
    assert status == 200 and page["items"], page
    return page["items"][0]


def test_notice_is_a4_with_the_total_in_capitals_and_the_balance_in_words(driver):
    se = settlement()
    doc = print_page(driver, "notice", f"/settlements/{se['number']}/notice", DEALER)
    assert doc.pages >= 1
    doc.assert_size(A4_MM)
    doc.assert_says("三包费用核销通知", se["number"], "发文单位", "D001", "核销期间",
                    se["period_from_date"], se["period_to_date"])
    doc.assert_says(money(se["total_fen"]), f"大写：{capitals(se['total_fen'])}")
    for line in se["lines"]:
        _, claim = api("GET", f"/claims/{line['claim']}", DEALER)
        doc.assert_says(line["claim"], claim["unit_serial"], money(line["amount_fen"]))
    for balance in (se["dealer_balance_fen"], se["resulting_balance_fen"]):
        words = "经销商欠款" if balance > 0 else "应付经销商" if balance < 0 else "已结清"
        doc.assert_says(f"{words}{money(abs(balance))}")
    doc.assert_says("经办人", "审核", "财务专用章", "经销商确认")
    assert "CNY" not in doc.text


def test_service_record_prints_only_once_confirmed(driver):
    _, units = api("GET", "/units?limit=1", DEALER)
    serial = units["items"][0]["serial"]
    status, sr = api("POST", "/service-reports", DEALER, {
        "unit_serial": serial, "location": "ST-D001", "fault_code": "E-PRINT",
        "description": "制动异响，更换制动气室", "labor_minutes": 150, "travel_fen": 15000,
        "customer_name": "王师傅", "customer_signed_at": "2026-03-01T08:00:00Z"})
    assert status == 201, sr
    status, early = api("GET", f"/service-reports/{sr['number']}/print", DEALER)
    assert status == 409 and early["code"] == "invalid_state", early
    status, body = api("POST", f"/service-reports/{sr['number']}/confirm", "demo-supervisor", {})
    assert status == 200, body
    doc = print_page(driver, "service-record", f"/service-reports/{sr['number']}/print", DEALER)
    assert doc.pages >= 1
    doc.assert_size(A4_MM)
    doc.assert_says("三包维修记录", sr["number"], serial, "E-PRINT", "制动异响，更换制动气室",
                    "2小时30分钟", "¥150.00", "壹佰伍拾元整", "王师傅", "客户签字")


def shipment():
    """(waybill, tags) of a D001 shipment: a due tag shipped now, else one shipped before."""
    _, due = api("GET", "/old-parts?status=due&limit=1", DEALER)
    if due["items"]:
        tag = due["items"][0]["tag"]
        status, body = api("POST", "/old-parts/shipments", DEALER, {"tags": [tag], "carrier_ref": "SF-PRINT-0001"})
        assert status == 201, body
        return "SF-PRINT-0001", [tag]
    _, shipped = api("GET", "/old-parts?limit=500", DEALER)
    t = next(t for t in shipped["items"] if t.get("carrier_ref"))
    return t["carrier_ref"], [x["tag"] for x in shipped["items"] if x.get("carrier_ref") == t["carrier_ref"]]


def test_shipment_list_is_a4_with_every_tag_and_the_waybill(driver):
    waybill, tags = shipment()
    query = urllib.parse.urlencode({"carrier_ref": waybill})
    doc = print_page(driver, "shipment", f"/old-parts/shipments/print?{query}", DEALER)
    assert doc.pages >= 1
    doc.assert_size(A4_MM)
    doc.assert_says("旧件回运单", waybill, "D001", *tags)
    doc.assert_says(f"旧件{len(tags)}件", "发运人", "承运人", "接收人")


def main():
    passed, failed = 0, 0
    driver = new_driver()
    try:
        for name, test in sorted((k, v) for k, v in globals().items() if k.startswith("test_")):
            try:
                test(driver)
                passed += 1
                print(f"ok   {name}")
            except Exception:  # noqa: BLE001 - every failure is reported, then the next test runs
                failed += 1
                print(f"FAIL {name}\n{traceback.format_exc()}")
    finally:
        driver.quit()
    print(f"PDFs in {OUT}")
    print(f"print: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
