"""The report and forecast pages run as many queries with ten more org units and people as without: no N+1."""
import pytest
from sqlalchemy import select

from crm_platform.sdk import OrgUnit, User, db
from statements_support import statements

from tests.plugins.sales_automation import sales_reports_kit as kit

URLS = ["/sales/forecast/?month_from=2026-03&month_to=2026-05", "/sales/quotas/",
        "/sales/reports/win-rate?from=2026-03-01&to=2026-03-31",
        "/sales/reports/performance?from=2026-03-01&to=2026-03-31",
        "/sales/reports/funnel?from=2026-03-01&to=2026-03-31",
        "/sales/reports/collection?from=2026-03-01&to=2026-03-31"]


def queries(app, client, url):
    with statements(app) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def add_teams(tenant_session, count):
    """`count` new teams under the company, each with two reps."""
    with tenant_session("acme"):
        company = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None)))
        for n in range(count):
            unit = OrgUnit(name=f"Team {n:02d}", kind="team", parent_id=company.id)
            db.session.add(unit)
            db.session.flush()
            unit.path = f"{company.path}{unit.id}/"
            db.session.add_all([User(name=f"Rep {n:02d}{m}", email=f"rep{n}{m}@acme.test", role="rep",
                                     org_unit_id=unit.id, password_hash="x") for m in range(2)])
        db.session.commit()


@pytest.mark.parametrize("url", URLS)
def test_a_page_runs_as_many_queries_however_many_units(sales, tenant_session, page_client, app, url):
    kit.build(sales, tenant_session)
    client = page_client("acme", "executive")
    client.get(url)  # warm caches (the role and plugin look-ups) before counting
    before = queries(app, client, url)
    add_teams(tenant_session, 10)
    assert queries(app, client, url) == before
