#!/usr/bin/env python3
"""The service desk in real headless Chromium against a live demo server: a request is
taken at the intake form, arranged, checked, reached on site, resolved with a linked claim
and followed up in its dialog; the intake form finds a caller by phone or serial with the
unit's coverage and earlier requests, whose dialog shows the requisitions citing it and
why it closed; the dispatcher's board and the dealer's inbox show their
requests; the KPI dashboard shows the rates the API reports, with its chart.

Usage: python3 tests/browser/test_service.py http://127.0.0.1:PORT
The last line is `browser (service): N passed, M failed`.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_pages as tp  # noqa: E402  (shares the driver and the helpers)
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


def status_is(driver, status):
    tp.el(driver, f"#sr-detail[data-status='{status}']")


def step(driver, button, status):
    """Clicks a step of the request's dialog and waits for the dialog to open again, in `status`."""
    old = tp.el(driver, "#sr-detail")
    tp.click(driver, button)
    tp.wait(driver, EC.staleness_of(old), what=f"{button} done")
    status_is(driver, status)


def test_a_request_is_taken_arranged_resolved_with_its_claim_and_followed_up(driver):
    code, claims = tp.api("GET", "/claims?limit=1", "demo-admin")
    assert code == 200 and claims["items"], claims
    claim = claims["items"][0]
    tp.login(driver, "demo-clerk")
    driver.get(f"{tp.BASE}/ui/service")
    tp.click(driver, "[data-tab='intake']")
    tp.typed(driver, "#sr-unit", claim["unit_serial"])
    tp.click(driver, "#sr-lookup")
    tp.text_in(driver, "#unit-info", claim["dealer"])
    tp.typed(driver, "#sr-contact", "13900001111")
    Select(tp.el(driver, "#sr-class")).select_by_value("body")
    tp.typed(driver, "#sr-distance", "60")
    tp.typed(driver, "#sr-description", "front door will not close")
    tp.click(driver, "#sr-submit")
    status_is(driver, "received")
    number = tp.el(driver, "#sr-detail").find_element(By.XPATH, "..").find_element(By.TAG_NAME, "h2").text.split()[-1]
    assert number.startswith("SV-"), number
    assert tp.el(driver, "#arrange-assignee").get_attribute("value") == claim["dealer"]
    tp.typed(driver, "#arrange-plan", "engineer on site this afternoon")
    step(driver, "#arrange-go", "arranged")
    step(driver, "#check-go", "arranged")
    step(driver, "#on-site-go", "on_site")
    tp.typed(driver, "#resolve-text", "hinge replaced")
    tp.typed(driver, "#resolve-claims", claim["number"])
    step(driver, "#resolve-go", "resolved")
    tp.text_in(driver, "#sr-detail", claim["number"])
    Select(tp.el(driver, "#fu-outcome")).select_by_value("reached")
    Select(tp.el(driver, "#fu-satisfaction")).select_by_value("5")
    step(driver, "#fu-go", "closed")
    code, r = tp.api("GET", f"/service-requests/{number}", "demo-admin")
    assert code == 200 and r["status"] == "closed" and r["claims"] == [claim["number"]], r
    assert r["follow_ups"][0]["satisfaction"] == 5 and r["evaluation"]["on_time"] is True, r
    assert r["closed_reason"] == "follow_up_done", r
    tp.text_in(driver, "#sr-closed-reason", "followed up")


def earlier_request(driver, contact, number):
    """Looks the caller up by phone at the intake form and opens their request `number`;
    returns when its dialog is open."""
    tp.typed(driver, "#sr-contact", contact)
    tp.click(driver, "#sr-phone-lookup")
    tp.text_in(driver, "#earlier-table", number)

    def opened(d):
        # The table is drawn again when a second lookup answers: find the row afresh.
        try:
            row = next(tr for tr in d.find_elements(By.CSS_SELECTOR, "#earlier-table tbody tr") if number in tr.text)
            row.click()
            return True
        except (StopIteration, StaleElementReferenceException):
            return False
    tp.wait(driver, opened, what=f"{number} clicked")
    tp.el(driver, "#sr-detail")


def test_the_intake_finds_the_caller_by_phone_with_coverage_and_earlier_requests(driver):
    code, page = tp.api("GET", "/service-requests?limit=200", "demo-admin")
    assert code == 200, page
    cited = next(x for x in page["items"] if x["unit_serial"] and x["cited_by_requisitions"])
    swept = next(x for x in page["items"] if x["closed_reason"] == "no_follow_up")
    code, found = tp.api("GET", f"/service-requests/lookup?phone={cited['contact']}", "demo-clerk")
    assert code == 200 and found["requests"][0]["number"] == cited["number"], found
    unit = next(u for u in found["units"] if u["serial"] == cited["unit_serial"])
    tp.login(driver, "demo-clerk")
    driver.get(f"{tp.BASE}/ui/service")
    tp.click(driver, "[data-tab='intake']")
    # Typing the number and leaving the field looks the caller up: the unit, its coverage,
    # the earlier requests; the unit is filled in and the customer named.
    tp.typed(driver, "#sr-contact", cited["contact"])
    tp.el(driver, "#sr-unit").click()
    tp.text_in(driver, "#unit-info", cited["unit_serial"])
    if unit["coverage_end_date"]:
        tp.text_in(driver, "#unit-info", unit["coverage_end_date"])
    tp.text_in(driver, "#earlier-table", cited["number"])
    assert tp.el(driver, "#sr-unit").get_attribute("value") == cited["unit_serial"]
    assert tp.el(driver, "#sr-customer").get_attribute("value") == cited["customer"]
    # The earlier request opens with the requisitions citing it.
    earlier_request(driver, cited["contact"], cited["number"])
    tp.text_in(driver, "#sr-cited-by", cited["cited_by_requisitions"][0])
    driver.execute_script("document.querySelector('dialog[open]').close()")
    # A serial typed in looks the unit up the same way.
    tp.typed(driver, "#sr-unit", cited["unit_serial"])
    tp.click(driver, "#sr-lookup")
    tp.text_in(driver, "#earlier-table", cited["number"])
    # The request nobody called back was closed by the sweep, and says so.
    driver.execute_script("document.querySelector('#intake-form').reset()")
    earlier_request(driver, swept["contact"], swept["number"])
    tp.text_in(driver, "#sr-closed-reason", "no follow-up within the window")


def test_the_board_counts_down_and_the_dealer_sees_its_inbox(driver):
    tp.login(driver, "demo-supervisor")
    driver.get(f"{tp.BASE}/ui/service")
    tp.el(driver, "#watch")
    table = tp.el(driver, "#board-table")
    cells = table.find_elements(By.CSS_SELECTOR, ".countdown")
    assert cells, "open requests count down"
    assert any("overdue" in c.text or "left" in c.text for c in cells), [c.text for c in cells]
    table.find_elements(By.CSS_SELECTOR, "tbody tr")[0].click()
    tp.el(driver, "#standards-table")
    driver.execute_script("sessionStorage.clear()")
    tp.login(driver, "demo-dealer-D001")
    driver.get(f"{tp.BASE}/ui/service")
    tp.el(driver, "#inbox-table")
    code, mine = tp.api("GET", "/service-requests?limit=500", "demo-dealer-D001")
    assert code == 200
    assert all(r["dealer"] == "D001" or r["assignee"] == "D001" for r in mine["items"]), mine


def test_the_dashboard_shows_the_rates(driver):
    tp.login(driver, "demo-supervisor")
    driver.get(f"{tp.BASE}/ui/service-kpi")
    start = tp.el(driver, "#kpi-from").get_attribute("value")
    end = tp.el(driver, "#kpi-to").get_attribute("value")
    code, report = tp.api("GET", f"/reports/service-kpi?from_date={start}&to_date={end}", "demo-supervisor")
    assert code == 200, report
    net = report["network"]
    for card, key in [("#kpi-timeliness", "timeliness_pct"), ("#kpi-satisfaction", "satisfaction_pct"), ("#kpi-complaint", "complaint_pct")]:
        want = "—" if net[key] is None else f"{net[key]:.1f}%"
        tp.text_in(driver, f"{card} .rate", want)
    tp.text_in(driver, "#kpi-timeliness", f"{report['targets']['timeliness_pct']}%")
    assert tp.el(driver, "#kpi-chart svg").find_elements(By.TAG_NAME, "rect"), "bars drawn"
    Select(tp.el(driver, "#kpi-group")).select_by_value("month")
    tp.click(driver, "#kpi-show")
    tp.text_in(driver, "#kpi-table", start[:7])
    # In Chinese the page names the rates as the company does.
    tp.set_lang(driver, "zh")
    driver.get(f"{tp.BASE}/ui/service-kpi")
    tp.text_in(driver, "#kpi-timeliness", "服务及时率")
    tp.text_in(driver, "#kpi-satisfaction", "用户满意程度")
    tp.text_in(driver, "#kpi-complaint", "用户抱怨率")


def main():
    tp.run_suite("service", globals())


if __name__ == "__main__":
    main()
