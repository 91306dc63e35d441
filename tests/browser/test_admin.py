#!/usr/bin/env python3
"""The master-data page and a part's ledger in real headless Chromium against a live demo
server: an admin creates a part with two barcodes and a clerk token (its secret shown once,
never listed); the clerk scans both barcodes into a receipt draft and posts it; stock shows
2 and the part's ledger page shows the receipt; the token is revoked after a confirmation.
The admin pages read in Chinese and in English with no bare code.

Every record it makes has a name of its own, so it neither depends on nor disturbs what the
other browser tests do with the demo data.

Usage: python3 tests/browser/test_admin.py http://127.0.0.1:PORT
The last line is `browser (admin): N passed, M failed`.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

STAMP = str(int(time.time() * 1000))[-9:]
PART = f"ADM-{STAMP}"
CODES = [f"69{STAMP}01", f"ADM{STAMP}B"]
TOKEN_NAME = f"WH-01 scanner {STAMP}"
STATE = {}


def open_tab(driver, tab):
    tp.click(driver, f"[data-tab='{tab}']")
    tp.wait(driver, lambda d: "…" not in d.find_element(By.ID, "admin-body").text, what=f"{tab} loaded")


def test_an_admin_creates_a_part_with_two_barcodes(driver):
    tp.login(driver, "demo-admin")
    driver.get(f"{tp.BASE}/ui/admin")
    tp.text_in(driver, "#nav", "Master data")
    tp.el(driver, "#parts-table")
    tp.click(driver, "#part-new")
    tp.typed(driver, "#part-no", PART)
    tp.typed(driver, "#part-name", f"Wheel hub bearing {STAMP}")
    tp.typed(driver, "#part-unit", "set")
    tp.typed(driver, "#part-cost", "45.00")
    tp.typed(driver, "#part-price", "52.00")
    Select(tp.el(driver, "#part-supplier")).select_by_index(1)
    # A scanner types the first code and Enter: the next field opens, the form is not sent.
    first = tp.el(driver, "#part-barcodes .barcode-input")
    first.send_keys(CODES[0] + Keys.ENTER)
    tp.wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#part-barcodes .barcode-input")) == 2, what="a second barcode field")
    assert not driver.find_elements(By.ID, "part-saved"), "Enter in a barcode field does not save"
    driver.switch_to.active_element.send_keys(CODES[1])
    tp.click(driver, "#part-save")
    tp.text_in(driver, "#part-saved", PART)
    status, part = tp.api("GET", f"/parts/{PART}", "demo-admin")
    assert status == 200 and part["barcodes"] == CODES, part
    assert part["standard_cost_fen"] == 4500 and part["dealer_price_fen"] == 5200, part
    # Either barcode finds it in the parts search.
    for code in CODES:
        tp.typed(driver, "#parts-q", code)
        tp.click(driver, "#parts-search")
        tp.wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#parts-table tbody tr")) == 1
                and PART in d.find_element(By.ID, "parts-table").text, what=f"{code} finds the part")
    # A barcode already taken is refused on screen by name, nothing written.
    tp.click(driver, "#part-new")
    tp.typed(driver, "#part-no", f"{PART}-X")
    tp.typed(driver, "#part-name", "duplicate")
    tp.typed(driver, "#part-cost", "1.00")
    tp.typed(driver, "#part-price", "1.00")
    tp.el(driver, "#part-barcodes .barcode-input").send_keys(CODES[1])
    tp.click(driver, "#part-save")
    tp.wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#part-out .banner.err"), what="a refusal")
    assert tp.api("GET", f"/parts/{PART}-X", "demo-admin")[0] == 404


def test_a_clerk_token_shows_its_secret_once(driver):
    tp.login(driver, "demo-admin")
    driver.get(f"{tp.BASE}/ui/admin#tab=tokens")
    tp.el(driver, "#token-form")
    tp.typed(driver, "#tok-name", TOKEN_NAME)
    Select(tp.el(driver, "#tok-role")).select_by_value("clerk")
    tp.click(driver, "input.tok-loc[value='WH-01']")
    tp.click(driver, "#tok-create")
    secret = tp.el(driver, "#token-secret").get_attribute("value")
    assert len(secret) >= 20, secret
    tp.text_in(driver, "#token-secret-card", "cannot be shown again")
    tp.text_in(driver, "#tokens-table", TOKEN_NAME)
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "#tokens-table tbody tr") if TOKEN_NAME in r.text][0]
    assert "clerk" in row.text and "WH-01" in row.text, row.text
    assert secret not in driver.find_element(By.ID, "tokens-table").text
    status, tokens = tp.api("GET", "/tokens", "demo-admin")
    mine = [k for k in tokens if k["name"] == TOKEN_NAME]
    assert status == 200 and len(mine) == 1 and "secret" not in mine[0], mine
    assert secret not in str(tokens)
    tp.click(driver, "#token-secret-done")
    tp.wait(driver, lambda d: not d.find_elements(By.ID, "token-secret"), what="the secret is gone")
    # Shown again, the page has the token and not its secret.
    driver.refresh()
    tp.text_in(driver, "#tokens-table", TOKEN_NAME)
    assert secret not in driver.page_source
    STATE["secret"] = secret
    STATE["token_id"] = mine[0]["id"]


def test_the_clerk_scans_both_barcodes_into_a_receipt_and_the_ledger_shows_it(driver):
    secret = STATE["secret"]
    tp.login(driver, secret)
    assert driver.current_url.endswith("/ui/scan"), driver.current_url
    tp.click(driver, "[data-kind=receipt]")
    options = [o.get_attribute("value") for o in Select(tp.el(driver, "#location")).options]
    assert options == ["WH-01"], options
    tp.typed(driver, "#unit-cost", "45.00")
    tp.click(driver, "#start")
    scan = tp.el(driver, "#scan-input")
    scan.send_keys(CODES[0] + Keys.ENTER + CODES[1] + Keys.ENTER)
    tp.text_in(driver, "#count-ok", "2", timeout=60)
    tp.text_in(driver, "#count-pending", "0")
    assert driver.find_element(By.ID, "count-err").text == "0"
    tp.text_in(driver, "#draft-lines", PART)
    assert tp.stock_qty(PART, "WH-01") == 0, "a draft moves no stock"
    tp.click(driver, "#post-draft")
    tp.text_in(driver, "#draft-posted", "RC-")
    number = re.search(r"RC-\d+", driver.find_element(By.ID, "draft-posted").text).group(0)
    assert tp.stock_qty(PART, "WH-01") == 2
    status, rc = tp.api("GET", f"/stock/receipts/{number}", "demo-admin")
    assert status == 200 and rc["lines"] == [{"part_no": PART, "qty": 2, "unit_cost_fen": 4500, "value_fen": 9000}], rc

    # Stock on hand, found by a scanned barcode, opens the part's ledger.
    driver.get(f"{tp.BASE}/ui/lists#list=stock&q={CODES[1]}")
    tp.text_in(driver, "#list-table", PART)
    rows = driver.find_elements(By.CSS_SELECTOR, "#list-table tbody tr")
    assert len(rows) == 1 and "WH-01" in rows[0].text and "2" in rows[0].text, [r.text for r in rows]
    rows[0].find_element(By.CSS_SELECTOR, "a.part-ledger").click()
    tp.text_in(driver, "#ledger-table", number)
    ledger = driver.find_elements(By.CSS_SELECTOR, "#ledger-table tbody tr")
    assert len(ledger) == 1, [r.text for r in ledger]
    cells = [c.text for c in ledger[0].find_elements(By.TAG_NAME, "td")]
    assert cells[1] == number and cells[2] == "WH-01" and cells[3] == "2" and cells[4] == "" and cells[5] == "2", cells
    assert cells[6] == "¥90.00" and cells[7] == "¥90.00", cells
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", cells[0]), cells
    tp.text_in(driver, "#lg-total", "2")
    # The document opens where it is listed.
    ledger[0].find_element(By.CSS_SELECTOR, "a.doc-link").click()
    tp.text_in(driver, "#list-table", number)
    assert tp.el(driver, "#f-q").get_attribute("value") == number


def test_the_ledger_page_finds_a_part_by_barcode_and_filters_by_date(driver):
    tp.login(driver, "demo-admin")
    driver.get(f"{tp.BASE}/ui/part-ledger")
    tp.typed(driver, "#lg-part", CODES[0])
    tp.click(driver, "#lg-search")
    tp.text_in(driver, "#lg-part-info", PART)
    tp.el(driver, "#ledger-table")
    assert tp.el(driver, "#lg-part").get_attribute("value") == PART
    # A range before any movement shows none; the location filter keeps WH-01's rows.
    driver.execute_script("document.getElementById('lg-to').value = '2000-01-01'")
    tp.click(driver, "#lg-search")
    tp.text_in(driver, "#lg-results", "No movement")
    assert not driver.find_elements(By.CSS_SELECTOR, "#ledger-table tbody tr")
    driver.execute_script("document.getElementById('lg-to').value = ''")
    Select(tp.el(driver, "#lg-location")).select_by_value("WH-01")
    tp.click(driver, "#lg-search")
    tp.text_in(driver, "#ledger-table", "WH-01")
    assert "location=WH-01" in driver.current_url, driver.current_url


def test_the_token_is_revoked_after_a_confirmation(driver):
    tp.login(driver, "demo-admin")
    driver.get(f"{tp.BASE}/ui/admin#tab=tokens")
    tp.click(driver, f".token-revoke[data-id='{STATE['token_id']}']")
    tp.text_in(driver, "dialog", TOKEN_NAME)
    assert tp.api("GET", "/whoami", STATE["secret"])[0] == 200, "nothing happens before the confirmation"
    tp.click(driver, "#revoke-confirm")
    tp.text_in(driver, "#admin-body", STATE["token_id"])
    tp.wait(driver, lambda d: TOKEN_NAME not in d.find_element(By.ID, "tokens-table").text, what="gone from the list")
    assert tp.api("GET", "/whoami", STATE["secret"])[0] == 401


def test_a_policy_version_is_put_in_force_and_replaced_on_the_same_date(driver):
    model = f"ADM-MODEL-{STAMP}"
    tp.login(driver, "demo-admin")
    driver.get(f"{tp.BASE}/ui/admin#tab=policies")
    tp.typed(driver, "#pol-model", model + "\t")
    tp.text_in(driver, "#pol-basis", "new model")
    tp.typed(driver, "#pol-rate", "95.00")
    tp.typed(driver, "#pol-months", "36")
    tp.click(driver, "#pol-save")
    tp.text_in(driver, "#admin-body", model)
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "#policies-table tbody tr") if model in r.text]
    assert len(row) == 1 and row[0].find_element(By.CSS_SELECTOR, ".policy-state").get_attribute("data-state") == "current", [r.text for r in row]
    # The same date again replaces that version, starting from it.
    tp.typed(driver, "#pol-model", model + "\t")
    tp.text_in(driver, "#pol-basis", "version in force")
    assert tp.el(driver, "#pol-months").get_attribute("value") == "36"
    tp.typed(driver, "#pol-months", "48")
    tp.click(driver, "#pol-save")
    rows_of = "return [...document.querySelectorAll('#policies-table tbody tr')].map((r) => r.textContent).filter((x) => x.includes(arguments[0])).join(' ')"
    tp.wait(driver, lambda d: "48 months" in d.execute_script(rows_of, model), what="replaced")
    status, page = tp.api("GET", f"/policies?model={model}", "demo-admin")
    assert status == 200 and [(p["months"], p["labor_rate_fen"], p["version"]) for p in page["items"]] == [(48, 9500, 2)], page


TABS = ["parts", "locations", "dealers", "suppliers", "policies", "tokens"]


def walk_admin(driver, lang):
    codes = tp.api_codes()
    driver.get(f"{tp.BASE}/healthz")
    tp.set_lang(driver, lang)
    tp.login(driver, "demo-admin")
    want = "zh-CN" if lang == "zh" else "en"
    problems = []
    driver.get(f"{tp.BASE}/ui/admin")
    tp.el(driver, "#parts-table")
    assert driver.execute_script("return document.documentElement.lang") == want
    for tab in TABS:
        open_tab(driver, tab)
        if tab == "parts":
            tp.click(driver, "#part-new")
        if tab == "suppliers":
            tp.click(driver, "#supplier-new")
        time.sleep(0.3)
        assert not driver.find_elements(By.CSS_SELECTOR, "#admin-body .banner.err"), f"{tab}: {driver.find_element(By.ID, 'admin-body').text}"
        problems += [(tab, c) for c in tp.untranslated(driver, codes, lang)]
    driver.get(f"{tp.BASE}/ui/part-ledger#part=BC-3519")
    tp.el(driver, "#lg-part-info")
    tp.wait(driver, lambda d: "…" not in d.find_element(By.ID, "main").text, what="loaded")
    problems += [("part-ledger", c) for c in tp.untranslated(driver, codes, lang)]
    assert not problems, f"admin in {lang}: untranslated codes {problems}"
    body = driver.find_element(By.TAG_NAME, "body").text
    assert not driver.find_elements(By.CSS_SELECTOR, "main .banner.err"), driver.find_element(By.ID, "main").text
    # The page's own texts (its title, headings and column names) are in the chosen language.
    own = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, "main h1, main th"))
    assert bool(re.search(r"[\u4e00-\u9fff]", own)) == (lang == "zh"), f"{lang} page text: {own}"
    assert not re.search(r"\d{1,2}:\d{2}:\d{2}", body), "times without seconds"
    if "¥" in body:
        assert re.search(r"¥\d{1,3}(,\d{3})*\.\d{2}", body), "money as ¥1,234.56"


def test_the_admin_pages_read_in_chinese_with_no_bare_code(driver):
    walk_admin(driver, "zh")


def test_the_admin_pages_read_in_english_with_no_bare_code(driver):
    walk_admin(driver, "en")


def test_a_refusal_on_the_admin_page_reads_in_chinese(driver):
    driver.get(f"{tp.BASE}/healthz")
    tp.set_lang(driver, "zh")
    tp.login(driver, "demo-admin")
    driver.get(f"{tp.BASE}/ui/admin#tab=dealers")
    tp.typed(driver, "#dealer-code", "D001")
    tp.typed(driver, "#dealer-name", "again")
    tp.click(driver, "#dealer-save")
    banner = tp.el(driver, "#dealer-out .banner.err")
    assert re.search(r"[\u4e00-\u9fff]", banner.text) and "D001" in banner.text, banner.text
    assert "already_exists" not in banner.text and "conflict" not in banner.text, banner.text


def main():
    tp.run_suite("admin", globals())


if __name__ == "__main__":
    main()
