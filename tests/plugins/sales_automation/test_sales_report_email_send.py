"""The monthly team report on a real worker and SMTP server: to whom, what it holds, once per month, in Chinese."""
from datetime import date, datetime, timezone

import mail_support
import pytest
from mail_support import BASE_URL, body, jobs_of_kind
from sqlalchemy import select

from plugins.sales_automation.models import ReportEmailSent
from plugins.sales_automation.report_email import sending
from tests.plugins.sales_automation import sales_reports_kit as kit

smtp, app_config = mail_support.smtp, mail_support.app_config

APRIL_1 = date(2026, 4, 1)
"""The first working day of April 2026 (a Wednesday): March's report is due."""


@pytest.fixture
def today(monkeypatch):
    """The job's workspace today, pinned (the tick decides the schedule is due, the job what is due)."""
    pinned = {"day": APRIL_1}
    monkeypatch.setattr(sending, "workspace_today", lambda: pinned["day"])
    return pinned


@pytest.fixture
def dataset(sales, tenant_session):
    """The reports' fixed data set of March 2026, in both workspaces."""
    kit.build(sales, tenant_session)
    return sales


def run(jobs, day):
    """Tick at 07:00 UTC of `day` (the world's workspaces keep UTC) and work every job started."""
    jobs.tick(datetime(day.year, day.month, day.day, 7, tzinfo=timezone.utc))
    jobs.work()


def reports_to(smtp, world, key, workspace="Acme"):
    """The report mails `workspace`'s user `key` received (both workspaces' users share their addresses)."""
    return [message for message in smtp.to(world.acme.users[key].email) if message["Subject"].startswith(workspace)]


def html(message):
    """The HTML part of a message."""
    return message.get_body(("html",)).get_content()


def test_managers_and_executives_get_last_months_report_once(dataset, jobs, smtp, today, app, tenant_session):
    run(jobs, APRIL_1)
    got = {key: len(reports_to(smtp, dataset, key)) for key in dataset.acme.users}
    assert got == {"admin": 0, "executive": 1, "manager_north": 1, "manager_south": 1, "rep_n1": 0, "rep_n2": 0,
                   "rep_s1": 0}
    [message] = reports_to(smtp, dataset, "manager_north")
    assert message["Subject"] == "Acme: team performance for March 2026"
    text = body(message)
    assert text.startswith(f"Hello {dataset.acme.users['manager_north'].name},")
    assert f"{BASE_URL}/sales/report-email/" in text and f"{BASE_URL}/sales/reports/" in text
    assert "from=2026-03-01" in text and "to=2026-03-31" in text
    page = html(message)
    assert "<table" in page and f'href="{BASE_URL}/sales/report-email/"' in page
    [job] = [job for job in jobs_of_kind(app, sending.KIND) if job.tenant_id == dataset.acme.id]
    assert job.status == "finished" and job.result == {"today": "2026-04-01", "month": "2026-03-01", "sent": 3,
                                                       "failed": 0}
    with tenant_session("acme") as session:
        assert set(session.scalars(select(ReportEmailSent.month))) == {date(2026, 3, 1)}
    # The next morning's run, and one later in the month, send no second copy.
    for day in (date(2026, 4, 2), date(2026, 4, 30)):
        today["day"] = day
        run(jobs, day)
    assert sum(len(reports_to(smtp, dataset, key)) for key in dataset.acme.users) == 3
    assert len(smtp.messages) == 6  # acme's three and globex's three


def test_the_team_table_holds_only_what_the_manager_may_see(dataset, jobs, smtp, today):
    run(jobs, APRIL_1)
    [north] = reports_to(smtp, dataset, "manager_north")
    rows = table_rows(html(north))
    names = {user.key: user.name for user in dataset.acme.users.values()}
    # Calls, visits, emails, meetings, new customers, followed, won, won amount, contract amount, collected, attainment
    assert rows == {
        names["manager_north"]: ["0", "0", "0", "0", "0", "0", "0", "CN¥0.00", "CN¥0.00", "CN¥0.00", "—"],
        # rep_n1's call on s1_shared and the deal won on it are out of manager_north's sight.
        names["rep_n1"]: ["2", "1", "1", "0", "1", "2", "1", "CN¥1,000.00", "CN¥800.00", "CN¥300.00", "75.0%"],
        names["rep_n2"]: ["1", "0", "0", "1", "1", "1", "0", "CN¥0.00", "CN¥0.00", "CN¥0.00", "—"],
        "Total": ["3", "1", "1", "1", "2", "3", "1", "CN¥1,000.00", "CN¥800.00", "CN¥300.00", "75.0%"],
    }
    assert names["rep_s1"] not in html(north) and names["rep_s1"] not in body(north)
    [south] = reports_to(smtp, dataset, "manager_south")
    assert set(table_rows(html(south))) == {names["manager_south"], names["rep_s1"], "Total"}
    [company] = reports_to(smtp, dataset, "executive")
    assert table_rows(html(company))["Total"][6:8] == ["3", "CN¥3,500.00"]
    assert "Calls: 2" in body(north) and "Won amount: CN¥1,000.00" in body(north)


def table_rows(page):
    """{row heading: [cells]} of the report table in a mail's HTML."""
    import re

    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        heading = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if heading:
            cells = re.findall(r"<td[^>]*>(?:<strong>)?(.*?)(?:</strong>)?</td>", row, re.S)
            rows[heading.group(1).strip()] = [cell.strip() for cell in cells]
    return rows


def test_opted_out_users_get_nothing_and_nothing_goes_before_the_first_working_day(dataset, jobs, smtp, today,
                                                                                  api_client):
    url = "/api/v1/sales/report-email/subscription"
    assert api_client("acme", "manager_south").put(url, json={"subscribed": False}).status_code == 200
    today["day"] = date(2026, 3, 2)  # the world's company day off: March's first working day is the 3rd
    run(jobs, today["day"])
    assert smtp.messages == []
    today["day"] = APRIL_1
    run(jobs, APRIL_1)
    assert reports_to(smtp, dataset, "manager_south") == []
    assert len(reports_to(smtp, dataset, "manager_south", "Globex")) == 1  # globex's manager_south did not opt out
    assert len(reports_to(smtp, dataset, "manager_north")) == 1
    assert api_client("acme", "manager_north").get(url).json["last_sent_month"] == "2026-03-01"


def test_a_refused_mail_is_tried_again_at_the_next_run(dataset, jobs, smtp, today, app, monkeypatch):
    real = sending.send_email
    refuse = {"who": dataset.acme.users["executive"].email}

    def refusing(to, subject, text, html=None):
        if to == refuse["who"] and subject.startswith("Acme"):
            raise OSError("the server refused it")
        return real(to, subject, text, html)

    monkeypatch.setattr(sending, "send_email", refusing)
    run(jobs, APRIL_1)
    assert reports_to(smtp, dataset, "executive") == [] and len(reports_to(smtp, dataset, "manager_north")) == 1
    [job] = [job for job in jobs_of_kind(app, sending.KIND) if job.tenant_id == dataset.acme.id]
    assert (job.status, job.result["sent"], job.result["failed"]) == ("finished", 2, 1)
    refuse["who"] = None
    today["day"] = date(2026, 4, 2)
    run(jobs, today["day"])
    assert len(reports_to(smtp, dataset, "executive")) == 1 and len(reports_to(smtp, dataset, "manager_north")) == 1


def test_a_chinese_workspace_gets_it_in_chinese(dataset, jobs, smtp, today, api_client):
    assert api_client("globex", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    run(jobs, APRIL_1)
    [message] = reports_to(smtp, dataset, "manager_north", "Globex")
    assert message["Subject"] == "Globex：2026年3月团队业绩"
    assert "电话" in body(message) and "回款" in html(message) and "退订" in html(message)
    [english] = reports_to(smtp, dataset, "manager_north")
    assert "Calls" in body(english)
