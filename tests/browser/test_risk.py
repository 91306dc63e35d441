#!/usr/bin/env python3
"""Dealer risk (经销商风险评分) in real headless Chromium against a live demo server: the
reviewer's queue shows each claim's dealer score and top reason and sorts by the score; the
dealer-risk tab lists the dealers by score with their figures and reasons, in Chinese and in
English, and downloads the CSV. It only reads, so it neither depends on nor disturbs what the
other browser tests write.

Usage: python3 tests/browser/test_risk.py http://127.0.0.1:PORT
The last line is `browser (risk): N passed, M failed`.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


def report():
    status, body = tp.api("GET", "/reports/dealer-risk", "demo-reviewer")
    assert status == 200, body
    return body


def queue_dealers(driver):
    rows = driver.find_elements(By.CSS_SELECTOR, "#queue-table tbody tr")
    return [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows]


def test_the_queue_shows_the_score_and_sorts_by_it(driver):
    r = report()
    scores = {d["dealer"]: d["score"] for d in r["dealers"]}
    top = r["dealers"][0]
    assert top["dealer"] == "D004" and top["reasons"], top
    tp.set_lang(driver, "zh")
    tp.login(driver, "demo-reviewer")
    tp.el(driver, "#queue-table")
    tp.wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#queue-table .risk-cell"), what="a risk cell")
    tp.wait(driver, lambda d: "经销商风险" in d.find_element(By.CSS_SELECTOR, "#queue-table thead").text, what="the risk column")
    Select(tp.el(driver, "#queue-sort")).select_by_value("risk")
    tp.wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#queue-sort").get_attribute("value") == "risk"
            and d.find_elements(By.CSS_SELECTOR, "#queue-table tbody tr"), what="the sorted queue")
    dealers = queue_dealers(driver)
    ranked = [scores.get(x, -1) for x in dealers]
    assert ranked == sorted(ranked, reverse=True), (dealers, ranked)
    if "D004" in dealers:
        row = driver.find_elements(By.CSS_SELECTOR, "#queue-table tbody tr")[0]
        assert row.find_element(By.CSS_SELECTOR, ".risk-score").text == str(top["score"]), row.text
        badge = row.find_element(By.CSS_SELECTOR, ".risk-cell [data-code]")
        assert badge.get_attribute("data-code") == top["reasons"][0]["code"], badge.get_attribute("data-code")
        assert badge.text == "每百台索赔数偏高" or "偏" in badge.text, badge.text
    Select(tp.el(driver, "#queue-sort")).select_by_value("oldest")
    tp.wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#queue-sort").get_attribute("value") == "oldest",
            what="the oldest-first queue")


def test_the_report_tab_lists_dealers_by_score_with_their_reasons(driver):
    r = report()
    top = r["dealers"][0]
    tp.set_lang(driver, "zh")
    tp.login(driver, "demo-reviewer")
    tp.el(driver, "#queue-table")
    tp.click(driver, "[data-tab=dealer-risk]")
    tp.el(driver, "#risk-table")
    tp.text_in(driver, "main h2", "经销商风险评分")
    rows = driver.find_elements(By.CSS_SELECTOR, "#risk-table tbody tr")
    assert len(rows) == len(r["dealers"]), (len(rows), len(r["dealers"]))
    first = rows[0]
    assert first.text.startswith("D004"), first.text
    assert str(top["units"]) in first.text and str(top["claims"]) in first.text, first.text
    codes = [b.get_attribute("data-code") for b in first.find_elements(By.CSS_SELECTOR, ".risk-reasons [data-code]")]
    assert codes == [x["code"] for x in top["reasons"]], codes
    assert "临近三包到期索赔偏多" in first.text and "中位数" in first.text, first.text
    tp.text_in(driver, "#risk-medians", "全网中位数")

    # An earlier date: nothing filed yet, every score 0.
    date = tp.el(driver, "#risk-date")
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", date, "2020-01-01")
    tp.text_in(driver, "#risk-out", "2019-07-06")
    tp.wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#risk-table .risk-reasons [data-code]"),
            what="no reasons before anything was filed")

    # The same tab in English.
    tp.set_lang(driver, "en")
    driver.get(f"{tp.BASE}/ui/review")
    tp.el(driver, "#queue-table")
    tp.click(driver, "[data-tab=dealer-risk]")
    tp.el(driver, "#risk-table")
    tp.text_in(driver, "#risk-table", "Many claims per unit sold")
    tp.wait(driver, lambda d: "risk score" in d.find_element(By.CSS_SELECTOR, "#risk-table thead").text.lower(), what="the English heading")
    tp.el(driver, "#risk-csv")


def main():
    tp.run_suite("risk", globals())


if __name__ == "__main__":
    main()
