"""A task from its form to its stored explanation, in Chromium with CSRF on, as the workspace's admin dispatches.

The admin makes an air-conditioning task for a customer on the task form, finds
it on the dispatch board with its ranked candidates (score bars, per-factor
breakdown, "why not?" for the electrician), and gives it on the task page to the
second candidate: the browser asks for the reason first, then so does the server
when the field is forced empty; with a reason the task is assigned and its stored
explanation (rank, policy version, factors, reason, alternatives) is shown.
"""
import re

import pytest

import browser_support
from browser_support import chromium_page, live_server, select_by_text, submit
import dispatch_browser_kit
from dispatch_browser_kit import PASSWORD, assigned_to, flash, staff_workspace

browser_app = dispatch_browser_kit.browser_app

SLUG = "huabei-repairs"
TECHNICIANS = [
    # name, skills, capacity, resources: 张伟 fits exactly; 王强 is over-qualified and nearly full; 李娜 more so.
    ("张伟", {"aircon": 3}, 5, []),
    ("王强", {"aircon": 4}, 3, []),
    ("李娜", {"aircon": 5}, 5, []),
    ("刘洋", {"electric": 5}, 5, ["van"]),
]


def candidate_names(page, within="#dispatch-candidates"):
    """The candidates' names in rank order, as the table shows them."""
    return [name.strip() for name in page.locator(f"{within} > tbody > tr > td:nth-child(2)").all_inner_texts()]


def create_task(page):
    """Fill the task form: title, customer, a skill with its minimum level, effort, due in three days; its number."""
    page.locator("header").get_by_role("link", name="Tasks", exact=True).click()
    page.wait_for_url("**/dispatch/tasks/")
    page.locator("main").get_by_role("button", name="New task").first.click()
    page.wait_for_url("**/dispatch/tasks/new")
    page.fill("input[name=title]", "冷库空调不制冷")
    page.fill("textarea[name=description]", "The cold room's unit blows warm air.")
    select_by_text(page, "select[name=customer_id]", "华北冷链")
    select_by_text(page, "select[name=priority]", "High")
    page.fill("input[name=effort]", "2")
    due = page.evaluate("() => new Date(Date.now() + 3 * 864e5).toISOString().slice(0, 10)") + "T16:00"
    page.fill("input[name=due]", due)
    select_by_text(page, "select[name=skill_0]", "空调维修")
    page.select_option("select[name=level_0]", "3")
    submit(page, "#task-form", "Save")
    page.wait_for_url(re.compile(r".*/dispatch/tasks/\d+$"))
    created = re.search(r"Task (RW-\S+) created\.", flash(page))
    assert created, flash(page)
    facts = page.locator("#task-facts").inner_text()
    assert "Unassigned" in facts and "华北冷链" in facts and "空调维修 ≥ 3" in facts  # the catalogue name, not its key
    return created.group(1)


def board_shows_candidates(page, number):
    """The board lists the task; its candidates open above the list, ranked, with bars and a breakdown."""
    page.locator("header").get_by_role("link", name="Dispatch", exact=True).click()
    page.wait_for_url("**/dispatch/board/")
    row = page.locator("#board-tasks tbody tr", has_text=number)
    assert "空调维修 ≥ 3" in row.inner_text() and "High" in row.inner_text()
    row.get_by_role("link", name="Candidates").click()
    page.wait_for_url(re.compile(r".*/dispatch/board/\?task=\d+#candidates$"))
    section = page.locator("#candidates")
    assert number in section.locator("h2").first.inner_text()
    assert candidate_names(page, "#candidates #dispatch-candidates") == ["张伟", "王强", "李娜"]
    assert "3 people are eligible." in section.inner_text()


def check_ranking(page):
    """The task page's candidates: ranks, a score bar per total and per factor, the breakdown, and "why not?"."""
    table = page.locator("#dispatch-candidates")
    assert candidate_names(page) == ["张伟", "王强", "李娜"]
    assert table.locator(":scope > tbody > tr > td:first-child").all_inner_texts() == ["1", "2", "3"]
    totals = [float(value) for value in table.locator(":scope > tbody > tr > td:nth-child(3) > meter").evaluate_all(
        "meters => meters.map(m => m.value)")]
    assert totals == sorted(totals, reverse=True) and all(0 < total <= 1 for total in totals)
    first = table.locator(":scope > tbody > tr").first
    first.locator("summary", has_text="Breakdown").click()
    breakdown = first.locator("table.dispatch-breakdown")
    assert breakdown.is_visible()
    factors = breakdown.locator("tbody tr td:first-child").all_inner_texts()
    assert "Skill fit" in factors and "Spare capacity" in factors
    assert breakdown.locator("tbody meter").count() == len(factors)
    skill = breakdown.locator("tbody tr", has_text="Skill fit")
    assert skill.locator("td").nth(1).inner_text().strip() == "1.00"  # level 3 for a minimum of 3: no penalty
    assert skill.locator("td").nth(2).inner_text().strip() == "3.0"
    page.locator("#dispatch-why-not summary").click()
    why_not = page.locator("#dispatch-why-not li", has_text="刘洋").inner_text()
    assert "空调维修" in why_not or "aircon" in why_not, why_not
    return totals


def assign_second_with_reason(page, number):
    """Choose 王强, the second: the browser asks for a reason, and so does the server if the field is forced empty."""
    second = page.locator("#dispatch-candidates > tbody > tr", has_text="王强")
    reason = second.locator("input[name=reason]")
    assert reason.get_attribute("required") is not None
    url = page.url
    second.get_by_role("button", name="Assign").click()
    assert page.url == url
    assert reason.evaluate("input => input.validationMessage")  # the browser's own "fill in this field"

    reason.evaluate("input => input.removeAttribute('required')")
    with page.expect_navigation():
        second.get_by_role("button", name="Assign").click()
    assert "Say why you choose someone other than the top candidate." in flash(page)
    assert page.locator("#task-status").inner_text() == "Unassigned"

    second = page.locator("#dispatch-candidates > tbody > tr", has_text="王强")
    second.locator("input[name=reason]").fill("他熟悉这台机组")
    with page.expect_navigation():
        second.get_by_role("button", name="Assign").click()
    assert f"Task {number} assigned (rank 2 of 3)." in flash(page)


def check_explanation(page, totals):
    """The stored explanation: who, how, by whom, the total and rank, the reason, the factors and alternatives."""
    assert page.locator("#task-status").inner_text() == "Assigned"
    assert page.locator("#task-assignee").inner_text() == "王强"
    [article] = page.locator("article.dispatch-explanation").all()
    text = article.inner_text()
    assert text.startswith("王强, by hand · Ada Admin"), text
    assert f"Total score {totals[1]:.2f}, rank 2 of 3 candidates, policy version 0." in text
    assert "Reason: 他熟悉这台机组" in text
    factors = article.locator("table.dispatch-breakdown tbody tr td:first-child").all_inner_texts()
    assert {"Skill fit", "Spare capacity", "Urgency fit"} <= set(factors)
    assert re.search(rf"Best alternatives: 张伟 \({totals[0]:.2f}\)", text), text
    # Still open, so the candidates stay: the assignee is marked and has no button.
    row = page.locator("#dispatch-candidates > tbody > tr", has_text="王强")
    assert "assigned" in row.inner_text() and row.get_by_role("button").count() == 0


@pytest.mark.browser
def test_a_task_is_created_ranked_and_given_to_the_second_candidate_with_a_reason(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Huabei Repairs", SLUG, "ada@huabei.test", PASSWORD)
        workspace = staff_workspace(browser_app, SLUG, TECHNICIANS)
        page.reload()  # the menu now has the module's entries
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))

        number = create_task(page)
        task_url = page.url
        board_shows_candidates(page, number)
        page.goto(task_url)
        totals = check_ranking(page)
        assign_second_with_reason(page, number)
        check_explanation(page, totals)

        task_id = int(task_url.rsplit("/", 1)[1])
        assert assigned_to(browser_app, workspace, [task_id]) == {task_id: workspace["people"]["王强"]}
        assert not problems, problems
