"""The whole sale in one Chromium session, through the pages only: a lead becomes a customer with a contact and
an opportunity, the opportunity is dragged to Won, a contract with three instalments is made from it, the first
instalment is paid, and the receivables ageing shows the two others outstanding.
"""
import re
from datetime import date, timedelta

import pytest

import browser_support
from browser_support import chromium_page, live_server, submit

PASSWORD = "browser-test-pw"
CUSTOMER = "Huadong Cold Chain"


def flash(page):
    """The text of the page's flash messages."""
    return page.locator(".flash").inner_text()


def menu(page, name):
    """Follow the main menu's entry `name`."""
    page.locator("header").get_by_role("link", name=name, exact=True).click()


def column(page, name):
    """The board column whose heading is `name`."""
    return page.locator("section.board-column", has=page.get_by_role("heading", name=name, exact=True))


def figure(text):
    """A money cell's figure without its currency sign."""
    return re.sub(r"[^\d.,]", "", text)


def enable_sales_on_modules_page(page):
    """The admin turns the sales module on from the modules page."""
    menu(page, "Modules")
    page.wait_for_url("**/admin/modules/")
    with page.expect_navigation(url="**/admin/modules/"):  # the same URL again, after the redirect
        page.locator("#module-sales_automation").get_by_role("button", name="Enable").click()
    assert "enabled" in flash(page)
    assert "Enabled" in page.locator("#module-sales_automation header").inner_text()


def convert_a_lead(page):
    """Add a lead, start working on it and convert it into a customer, a contact and a 100,000.00 opportunity."""
    menu(page, "Leads")
    page.wait_for_url("**/sales/leads/")
    page.locator("main").get_by_role("button", name="New lead").first.click()
    page.wait_for_url("**/sales/leads/new")
    page.fill("input[name=name]", "Li Wei")
    page.fill("input[name=company]", CUSTOMER)
    page.fill("input[name=email]", "li.wei@huadong.test")
    submit(page, "form", "Save")
    page.wait_for_url(re.compile(r".*/sales/leads/\d+$"))
    assert "Lead Li Wei added." in flash(page)

    with page.expect_navigation(url=page.url):
        submit(page, "footer", "Start working")
    assert "You are working on this lead." in flash(page)

    page.locator("main footer").get_by_role("button", name="Convert").click()
    page.wait_for_url(re.compile(r".*/sales/leads/\d+/convert$"))
    assert page.locator("input[name=contact]").is_checked()
    assert page.locator("input[name=opportunity]").is_checked()
    assert page.locator("input[name=name]").input_value() == CUSTOMER
    page.fill("input[name=name]", "Cold rooms for Huadong")
    page.fill("input[name=amount]", "100000.00")
    submit(page, "form", "Convert")
    page.wait_for_url(re.compile(r".*/customers/\d+$"))
    assert f"Lead converted into {CUSTOMER}." in flash(page)
    assert CUSTOMER in page.locator("main h1").first.inner_text()
    assert "Li Wei" in page.locator("#contacts").inner_text()
    opportunities = page.locator("#opportunities").inner_text()
    assert "Cold rooms for Huadong" in opportunities and "100,000.00" in opportunities


def drag_to_won(page):
    """Drag the opportunity's card from its open column to Won and give the reason in the dialog."""
    page.set_viewport_size({"width": 1900, "height": 1000})  # every column in view
    menu(page, "Opportunities")
    page.wait_for_url("**/sales/pipelines/*/")
    card = page.locator(".card", has_text="Cold rooms for Huadong")
    assert column(page, "Won").locator(".card").count() == 0
    assert card.locator(".card-customer").inner_text() == CUSTOMER

    card.drag_to(column(page, "Won"))
    dialog = page.locator("#close-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator(".close-won").first.is_visible()
    dialog.locator("textarea[name=close_reason]").fill("Best cold-chain references")
    dialog.get_by_role("button", name="Close the opportunity").click()
    # The board reloads once the move is saved; the card is then drawn in the Won column.
    won = column(page, "Won")
    won.locator(".card", has_text="Cold rooms for Huadong").wait_for()
    dialog.wait_for(state="hidden")
    assert "1 opportunity" in won.locator(".column-count").inner_text()
    assert "100,000.00" in won.locator(".column-total").inner_text()
    assert "100,000.00" in won.locator(".card-amount").inner_text()

    won.get_by_role("link", name="Cold rooms for Huadong").click()
    page.wait_for_url(re.compile(r".*/sales/pipelines/opportunities/\d+$"))
    assert page.locator("#opportunity-stage").inner_text() == "Won"  # the Won stage, its status not repeated
    assert "Li Wei" in page.locator("#opportunity-fields").inner_text()  # the contact made from the lead
    assert page.locator("#close-reason").inner_text() == "Best cold-chain references"


def make_contract(page, first_due):
    """From the won opportunity, a contract whose amount is split into three monthly instalments from `first_due`.

    Returns the contract's number as the page shows it.
    """
    page.locator("#contracts").get_by_role("button", name="Make a contract").click()
    page.wait_for_url("**/sales/contracts/new?*")
    assert "from a won opportunity" in page.locator("main form").inner_text()
    assert CUSTOMER in page.locator("main form").inner_text()
    # The opportunity's name and amount are the contract's to begin with.
    assert page.locator("input[name=title]").input_value() == "Cold rooms for Huadong"
    assert figure(page.locator("input[name=amount]").input_value()) == "100000.00"
    page.fill("input[name=title]", "Cold rooms supply contract")
    page.locator("#plan summary").click()
    page.fill("input[name=split_count]", "3")
    page.fill("input[name=split_every_months]", "1")
    page.fill("input[name=split_first_due]", first_due.isoformat())
    submit(page, "form", "Make the contract")
    page.wait_for_url(re.compile(r".*/sales/contracts/\d+$"))
    made = re.search(r"Contract (HT-\d{4}-\d{4}) made\.", flash(page))
    assert made, flash(page)
    number = made.group(1)
    assert number.endswith("-0001")  # the workspace's first contract
    assert number in page.locator("main h1").inner_text()
    rows = page.locator("#instalments tbody tr[id^=instalment-]")
    assert rows.count() == 3
    # The remainder cent goes on the last instalment; together they are the contract's amount.
    amounts = [rows.nth(n).locator("td").nth(2).inner_text() for n in range(3)]
    assert [figure(text) for text in amounts] == ["33,333.33", "33,333.33", "33,333.34"]
    return number


def pay_first_instalment(page, number):
    """Record the first instalment's payment, in full, on the contract page's form."""
    payments_row = page.locator("#instalments tbody tr.instalment-payments").first
    payments_row.locator("summary", has_text="Record payment").click()
    form = payments_row.locator("form.payment-form")
    assert form.locator("input[name=amount]").input_value() in ("33333.33", "33,333.33")
    form.locator("input[name=reference]").fill("HD-TT-001")
    with page.expect_navigation(url=page.url):  # back to the contract page
        form.get_by_role("button", name="Record payment").click()
    assert re.search(rf"Payment of \D*33,333\.33\D* recorded on {number}\.", flash(page)), flash(page)
    first = page.locator("#instalments tbody tr[id^=instalment-]").first
    assert "Settled" in first.inner_text()
    assert "HD-TT-001" in page.locator("#instalments ul.payments").inner_text()
    others = page.locator("#instalments tbody tr[id^=instalment-]")
    assert all("Settled" not in others.nth(n).inner_text() for n in (1, 2))


def cells(row):
    """{column heading: cell text} of a row of the receivables table."""
    table = row.locator("xpath=ancestor::table")
    headings = table.locator("thead th").all_inner_texts()
    texts = row.locator("th, td").all_inner_texts()
    return {heading.strip(): text.strip() for heading, text in zip(headings, texts)}


def receivables_show_the_rest(page, number, as_of):
    """The receivables ageing shows the two unpaid instalments for the customer, today and as of `as_of`."""
    menu(page, "Receivables")
    page.wait_for_url("**/sales/payments/receivables")
    row = page.locator("#receivables tbody tr", has=page.get_by_role("link", name=CUSTOMER))
    assert row.count() == 1
    assert figure(cells(row)["Total"]) == "66,666.67"

    page.fill("input[name=as_of]", as_of.isoformat())
    submit(page, "form", "Filter")
    page.wait_for_url(f"**/sales/payments/receivables?*as_of={as_of.isoformat()}*")
    row = page.locator("#receivables tbody tr", has=page.get_by_role("link", name=CUSTOMER))
    shown = cells(row)
    # Forty days after the first due date the second instalment is 9 to 12 days overdue, the third not yet due.
    assert figure(shown["1–30 days"]) == "33,333.33"
    assert figure(shown["Not yet due"]) == "33,333.34"
    assert figure(shown["31–60 days"]) == "0.00"
    assert figure(shown["Total"]) == "66,666.67"

    # Its contracts: the one contract, with the same figures.
    row.get_by_role("link", name="contracts").click()
    page.wait_for_url("**/sales/payments/receivables?*group=contract*")
    row = page.locator("#receivables tbody tr", has=page.get_by_role("link", name=number))
    shown = cells(row)
    assert figure(shown["1–30 days"]) == "33,333.33" and figure(shown["Total"]) == "66,666.67"


@pytest.mark.browser
def test_a_lead_becomes_a_won_deal_a_contract_and_a_receivable(tmp_path):
    first_due = date.today() - timedelta(days=40)
    # An app on its own SQLite file, with CSRF protection on as in production.
    with browser_support.browser_test_app(tmp_path) as app, live_server(app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Flow Trading", "flow-trading", "ada@flow.test", PASSWORD)
        enable_sales_on_modules_page(page)
        convert_a_lead(page)
        drag_to_won(page)
        number = make_contract(page, first_due)
        pay_first_instalment(page, number)
        receivables_show_the_rest(page, number, first_due + timedelta(days=40))
