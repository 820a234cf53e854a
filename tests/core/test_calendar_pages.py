"""The calendar pages: admins set hours and company days under Workspace; people keep their time off."""
import re
from datetime import date, datetime, timezone

from crm_platform.models import CalendarDay, TimeOff
from crm_platform.calendar.service import working_hours

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return TOKEN.search(page.get_data(as_text=True)).group(1)


def hours_form(**changes):
    form = {f"hours_{day}": "09:00-12:00, 13:00-18:00" if day < 5 else "" for day in range(7)}
    return {**form, "holidays": "CN", **changes}


def test_an_admin_sets_the_hours_on_the_page(app, page_client, tenant_session):
    admin = page_client("acme", "admin")
    app.config["WTF_CSRF_ENABLED"] = True  # after signing in
    csrf = token(admin, "/admin/workspace/calendar")
    assert admin.post("/admin/workspace/calendar", data=hours_form()).status_code == 400
    response = admin.post("/admin/workspace/calendar", data={**hours_form(hours_5="9:30-12:00"), "csrf_token": csrf})
    assert response.status_code == 302
    with tenant_session("acme") as session:
        from crm_platform.models import Tenant
        hours = working_hours(session.query(Tenant).filter_by(slug="acme").one())
        assert [(a.isoformat(), b.isoformat()) for a, b in hours[5]] == [("09:30:00", "12:00:00")]
    bad = admin.post("/admin/workspace/calendar", data={**hours_form(hours_0="nine to five"), "csrf_token": csrf})
    assert bad.status_code == 422
    assert "09:00-12:00, 13:00-18:00" in bad.get_data(as_text=True)
    overlap = admin.post("/admin/workspace/calendar", data={**hours_form(hours_0="09:00-12:00, 11:00-13:00"),
                                                            "csrf_token": csrf})
    assert overlap.status_code == 422


def test_the_page_is_for_admins_and_in_chinese(page_client):
    assert page_client("acme", "rep_n1").get("/admin/workspace/calendar").status_code == 403
    page = page_client("acme", "admin").get("/admin/workspace/calendar", headers={"Accept-Language": "zh-CN"})
    text = page.get_data(as_text=True)
    assert "工作时间" in text and "星期一" in text


def test_company_days_on_the_page(world, page_client, tenant_session):
    admin = page_client("acme", "admin")
    csrf = token(admin, "/admin/workspace/calendar")
    added = admin.post("/admin/workspace/calendar/days", data={"day": "2026-03-07", "working": "true",
                                                               "note": "Stocktake", "csrf_token": csrf})
    assert added.status_code == 302
    again = admin.post("/admin/workspace/calendar/days", data={"day": "2026-03-07", "working": "false",
                                                               "csrf_token": csrf})
    assert again.status_code == 422
    # Acme's day id in Globex is a 404 like a missing one (also walked in test_cross_tenant.py).
    assert page_client("globex", "admin").post(f"/admin/workspace/calendar/days/{world.acme.day_id}/delete",
                                               data={"csrf_token": csrf}).status_code == 404
    removed = admin.post(f"/admin/workspace/calendar/days/{world.acme.day_id}/delete", data={"csrf_token": csrf})
    assert removed.status_code == 302
    with tenant_session("acme") as session:
        assert [(row.day, row.working) for row in session.query(CalendarDay)] == [(date(2026, 3, 7), True)]


def test_time_off_on_the_page(world, page_client, tenant_session):
    rep = page_client("acme", "rep_n1")
    csrf = token(rep, "/calendar/time-off")
    response = rep.post("/calendar/time-off", data={"first_day": "2026-04-01", "last_day": "2026-04-02",
                                                    "note": "Trip", "csrf_token": csrf})
    assert response.status_code == 302
    backwards = rep.post("/calendar/time-off", data={"first_day": "2026-04-03", "last_day": "2026-04-01",
                                                     "csrf_token": csrf})
    assert backwards.status_code == 422
    rep_n1 = world.acme.users["rep_n1"].id
    assert page_client("acme", "rep_n2").get(f"/calendar/time-off?user_id={rep_n1}").status_code == 404
    admin_page = page_client("acme", "admin").get(f"/calendar/time-off?user_id={rep_n1}")
    assert "Trip" in admin_page.get_data(as_text=True)
    with tenant_session("acme") as session:
        trip = session.query(TimeOff).filter_by(note="Trip").one()
        # Acme's zone is UTC: from the first day's midnight to the midnight after the last day.
        assert (trip.starts_at, trip.ends_at) == (datetime(2026, 4, 1, tzinfo=timezone.utc),
                                                  datetime(2026, 4, 3, tzinfo=timezone.utc))
        trip_id = trip.id
    other = page_client("acme", "rep_n2")
    assert other.post(f"/calendar/time-off/{trip_id}/delete",
                      data={"csrf_token": token(other, "/calendar/time-off")}).status_code == 404
    assert rep.post(f"/calendar/time-off/{trip_id}/delete", data={"csrf_token": csrf}).status_code == 302
