"""Twenty tasks optimised together from the dispatch board, in Chromium with CSRF on, as the workspace's admin.

Five plumbers of levels 1 to 5 and capacities 3 to 6; twelve tasks anyone can do
and eight that need level 3. The admin ticks all twenty on the board and asks for
the optimal plan; the preview gives each task a person with the score and its rank,
the total against the one-by-one greedy plan, the solver, fairness and the load per
person (never above capacity, no level-3 task to the juniors). Committing (after the
confirm) assigns every task as previewed, and the board is empty.
"""
import re

import pytest

import browser_support
from browser_support import chromium_page, live_server
import dispatch_browser_kit
from dispatch_browser_kit import PASSWORD, assigned_to, open_tasks, staff_workspace

browser_app = dispatch_browser_kit.browser_app

SLUG = "donghai-plumbing"
TECHNICIANS = [
    # name, skills, capacity, resources
    ("赵磊", {"plumbing": 3}, 5, []),
    ("孙丽", {"plumbing": 4}, 4, []),
    ("周杰", {"plumbing": 1}, 6, []),
    ("吴敏", {"plumbing": 2}, 5, []),
    ("郑浩", {"plumbing": 5}, 3, []),
]
SENIORS = {"赵磊", "孙丽", "郑浩"}


def definition(page, term):
    """The text of the summary's <dd> after the <dt> `term`."""
    return page.locator("#batch-summary dt", has_text=term).locator("xpath=following-sibling::dd[1]").inner_text()


def optimise_from_the_board(page):
    """Tick every one of the board's twenty tasks and ask for the optimal plan."""
    page.locator("header").get_by_role("link", name="Dispatch", exact=True).click()
    page.wait_for_url("**/dispatch/board/")
    boxes = page.locator("#board-tasks input[name=task_ids]")
    assert boxes.count() == 20
    for index in range(20):
        boxes.nth(index).check()
    page.locator("#board-batch").get_by_role("button", name="Optimise the selected tasks").click()
    page.wait_for_url(re.compile(r".*/dispatch/batch/\d+$"))
    assert page.locator("#batch-status").inner_text() == "Preview"


def check_plan(page, levels):
    """Each task's chosen person, score (bar and figure) and rank; seniors for level-3 tasks; {number: name}."""
    rows = page.locator("#batch-plan tbody tr")
    assert rows.count() == 20
    plan, total = {}, 0.0
    for index in range(20):
        cells = rows.nth(index).locator("td")
        number = cells.nth(0).inner_text().split()[0]
        name, score, rank = cells.nth(2).inner_text(), cells.nth(3).inner_text().strip(), cells.nth(4).inner_text()
        assert name in {person for person, *_ in TECHNICIANS}, name
        if levels[number] == 3:
            assert name in SENIORS, (number, name)
        meter = float(cells.nth(3).locator("meter").get_attribute("value"))
        assert 0 < meter <= 1 and score == f"{meter:.3f}"
        chosen, among = map(int, re.fullmatch(r"(\d+) of (\d+)", rank).groups())
        assert among == (3 if levels[number] == 3 else 5) and 1 <= chosen <= among
        plan[number], total = name, total + meter
    return plan, total


def check_summary(page, total):
    """Twenty of twenty assigned, the total at least greedy's, proven optimal, the fairness figures."""
    assert definition(page, "Tasks assigned").startswith("20 of 20 (one by one: 20)")
    best, greedy = map(float, re.fullmatch(r"([\d.]+) \(one by one: ([\d.]+)\)", definition(page, "Total score"))
                       .groups())
    assert best >= greedy and best == pytest.approx(total, abs=0.02)
    solver = definition(page, "Solver")
    assert "Equal efforts: exact minimum-cost flow" in solver and "proven optimal" in solver
    assert re.match(r"0\.\d{3} before, 0\.\d{3} after", definition(page, "Fairness (Gini coefficient)"))


def check_load(page):
    """The load per person: nobody above capacity, and the twenty tasks' effort added across them."""
    rows = page.locator("#batch-load tbody tr")
    assert rows.count() == len(TECHNICIANS)
    added = 0
    for index in range(rows.count()):
        name, capacity, before, after = rows.nth(index).locator("td").all_inner_texts()
        assert name in {person for person, *_ in TECHNICIANS}
        assert int(before) == 0 and int(after) <= int(capacity)
        added += int(after) - int(before)
    assert added == 20


def commit(page):
    """Commit the plan, accepting the confirm the button asks."""
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Commit the plan").click()
    assert "Batch committed: 20 tasks assigned." in page.locator(".flash").inner_text()
    assert page.locator("#batch-status").inner_text() == "Committed"
    assert page.locator("main").get_by_role("button", name="Commit the plan").count() == 0


def check_assigned(page, plan):
    """The board has nothing left; the task list shows every task assigned to the person planned."""
    page.locator("header").get_by_role("link", name="Dispatch", exact=True).click()
    page.wait_for_url("**/dispatch/board/")
    assert "No unassigned tasks match." in page.locator("main").inner_text()
    page.locator("header").get_by_role("link", name="Tasks", exact=True).click()
    page.wait_for_url("**/dispatch/tasks/")
    for row in page.locator("#tasks tbody tr").all():
        number, _title, _customer, _priority, status, assignee, _due = row.locator("td").all_inner_texts()
        assert status == "Assigned" and assignee == plan.pop(number), number
    assert not plan


@pytest.mark.browser
def test_twenty_tasks_are_optimised_previewed_and_committed_from_the_board(browser_app):
    with live_server(browser_app) as url, chromium_page() as page:
        browser_support.sign_up(page, url, "Donghai Plumbing", SLUG, "ada@donghai.test", PASSWORD)
        workspace = staff_workspace(browser_app, SLUG, TECHNICIANS)
        easy = open_tasks(browser_app, workspace, [f"更换水龙头 {n}" for n in range(12)], level=1)
        hard = open_tasks(browser_app, workspace, [f"主管道漏水 {n}" for n in range(8)], level=3)
        page.reload()  # the menu now has the module's entries
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))

        optimise_from_the_board(page)
        levels = {row.locator("td").first.inner_text().split()[0]: 3 if "主管道" in row.inner_text() else 1
                  for row in page.locator("#batch-plan tbody tr").all()}
        plan, total = check_plan(page, levels)
        check_summary(page, total)
        check_load(page)
        commit(page)
        check_assigned(page, dict(plan))

        people = {user_id: name for name, user_id in workspace["people"].items()}
        stored = assigned_to(browser_app, workspace, easy + hard)
        assert sorted(people[user_id] for user_id in stored.values()) == sorted(plan.values())
        assert not problems, problems
