"""The calendar API and SDK: admins set hours and company days, people their time off, the check answers."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from crm_platform.models import AuditEntry, CalendarDay, Tenant, TimeOff
from crm_platform.sdk import workspace_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_everyone_reads_the_default_hours_and_chinas_calendar(api_client):
    response = api_client("acme", "rep_n1").get("/api/v1/calendar/settings")
    assert response.status_code == 200
    body = response.get_json()
    assert body["holidays"] == "CN"
    assert body["hours"][:2] == [{"weekday": 0, "opens": "09:00", "closes": "12:00"},
                                 {"weekday": 0, "opens": "13:00", "closes": "18:00"}]
    assert {span["weekday"] for span in body["hours"]} == {0, 1, 2, 3, 4}


def test_an_admin_changes_the_hours_audited_and_only_in_their_workspace(api_client, tenant_session):
    hours = [{"weekday": day, "opens": "08:30", "closes": "17:30"} for day in range(6)]
    assert api_client("acme", "rep_n1").put("/api/v1/calendar/settings", json={"hours": hours}).status_code == 403
    response = api_client("acme", "admin").put("/api/v1/calendar/settings", json={"hours": hours, "holidays": "none"})
    assert response.status_code == 200
    assert response.get_json() == {"holidays": "none", "hours": hours}
    assert api_client("globex", "admin").get("/api/v1/calendar/settings").get_json()["holidays"] == "CN"
    with tenant_session("acme") as session:
        entry = session.query(AuditEntry).filter_by(entity="workspace").one()
        assert entry.changes["holidays"] == ["CN", "none"]
        tenant = session.query(Tenant).filter_by(slug="acme").one()
        tenant.settings = {**tenant.settings, "timezone": "Asia/Shanghai"}
        session.commit()
        calendar = workspace_calendar()
        assert calendar.is_open(datetime(2026, 2, 16, 8, 30, tzinfo=SHANGHAI))  # no holidays any more
        assert calendar.is_open(datetime(2026, 3, 7, 10, tzinfo=SHANGHAI))  # Saturday
        assert not calendar.is_open(datetime(2026, 3, 8, 10, tzinfo=SHANGHAI))


def test_bad_hours_are_refused_with_field_messages(api_client):
    admin = api_client("acme", "admin")
    for hours in ([{"weekday": 0, "opens": "12:00", "closes": "09:00"}],
                  [{"weekday": 0, "opens": "09:00", "closes": "12:00"}, {"weekday": 0, "opens": "11:00",
                                                                         "closes": "13:00"}],
                  [{"weekday": 7, "opens": "09:00", "closes": "12:00"}],
                  # Either part of the settings may be left out, not a span's opening (once a 500).
                  [{"weekday": 0, "closes": "12:00"}]):
        response = admin.put("/api/v1/calendar/settings", json={"hours": hours})
        assert response.status_code == 422
        assert response.get_json()["error"]["fields"]
    assert admin.put("/api/v1/calendar/settings", json={"holidays": "XX"}).status_code == 422


def test_company_days_one_per_date(world, api_client, tenant_session):
    admin = api_client("acme", "admin")
    response = admin.post("/api/v1/calendar/days", json={"day": "2026-03-07", "working": True, "note": "Stocktake"})
    assert response.status_code == 201
    again = admin.post("/api/v1/calendar/days", json={"day": "2026-03-07", "working": False})
    assert again.status_code == 409
    assert again.get_json()["error"]["message"]
    assert api_client("acme", "rep_n1").post("/api/v1/calendar/days",
                                             json={"day": "2026-03-09", "working": False}).status_code == 403
    listed = api_client("acme", "rep_n1").get("/api/v1/calendar/days?year=2026").get_json()
    assert [(d["day"], d["working"]) for d in listed] == [("2026-03-02", False), ("2026-03-07", True)]
    with tenant_session("acme") as session:
        calendar = workspace_calendar()
        assert not calendar.is_open(datetime(2026, 3, 2, 10, tzinfo=timezone.utc))
        assert calendar.is_open(datetime(2026, 3, 7, 10, tzinfo=timezone.utc))
    assert admin.delete(f"/api/v1/calendar/days/{response.get_json()['id']}").status_code == 204
    assert api_client("globex", "admin").delete(f"/api/v1/calendar/days/{world.acme.day_id}").status_code == 404
    with tenant_session("acme") as session:
        assert session.query(CalendarDay).count() == 1


def test_time_off_is_ones_own_and_admins_manage_anyones(world, api_client, tenant_session):
    rep, other, admin = api_client("acme", "rep_n1"), api_client("acme", "rep_n2"), api_client("acme", "admin")
    body = {"starts_at": "2026-03-10T00:00:00+00:00", "ends_at": "2026-03-11T00:00:00+00:00", "note": "Dentist"}
    own = rep.post("/api/v1/calendar/time-off", json=body)
    assert own.status_code == 201
    assert own.get_json()["user_id"] == world.acme.users["rep_n1"].id
    rep_n1 = world.acme.users["rep_n1"].id
    assert other.post("/api/v1/calendar/time-off", json={**body, "user_id": rep_n1}).status_code == 404
    assert other.get(f"/api/v1/calendar/time-off?user_id={rep_n1}").status_code == 404
    assert other.delete(f"/api/v1/calendar/time-off/{own.get_json()['id']}").status_code == 404
    assert admin.post("/api/v1/calendar/time-off", json={**body, "user_id": rep_n1}).status_code == 201
    assert len(admin.get(f"/api/v1/calendar/time-off?user_id={rep_n1}").get_json()) == 3
    assert rep.post("/api/v1/calendar/time-off", json={**body, "ends_at": body["starts_at"]}).status_code == 422
    assert rep.post("/api/v1/calendar/time-off",
                    json={**body, "starts_at": "2026-03-10T00:00:00"}).status_code == 422  # naive
    with tenant_session("acme") as session:
        from crm_platform.models import User
        user = session.get(User, rep_n1)
        assert not workspace_calendar(user).is_open(datetime(2026, 3, 10, 10, tzinfo=timezone.utc))
        assert workspace_calendar().is_open(datetime(2026, 3, 10, 10, tzinfo=timezone.utc))
    assert rep.delete(f"/api/v1/calendar/time-off/{own.get_json()['id']}").status_code == 204
    with tenant_session("acme") as session:
        assert session.query(TimeOff).filter_by(user_id=rep_n1).count() == 2


def test_the_check_answers_and_refuses_an_uncovered_year(api_client):
    rep = api_client("acme", "rep_n1")
    response = rep.get("/api/v1/calendar/check", query_string={
        "at": "2026-02-13T09:00:00+00:00", "minutes": 61, "until": "2026-02-24T02:00:00+00:00"})
    assert response.status_code == 200
    # Acme's zone is UTC: 09:00 Friday + 61 minutes; the make-up Saturday then the Spring Festival.
    assert response.get_json() == {"open": True, "plus_minutes": "2026-02-13T10:01:00+00:00",
                                   "minutes_until": 960.0}
    late = rep.get("/api/v1/calendar/check", query_string={"at": "2026-12-31T17:00:00+00:00", "minutes": 120})
    assert late.status_code == 422
    assert "2027" in late.get_json()["error"]["message"]
    # The field that reached the uncovered year: adding the minutes did, not `at`.
    assert list(late.get_json()["error"]["fields"]) == ["minutes"]
    beyond = rep.get("/api/v1/calendar/check", query_string={"at": "2026-12-01T09:00:00+00:00",
                                                              "until": "2027-01-05T00:00:00+00:00"})
    assert beyond.status_code == 422 and list(beyond.get_json()["error"]["fields"]) == ["until"]


def test_the_calendar_is_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {"/api/v1/calendar/settings", "/api/v1/calendar/days", "/api/v1/calendar/days/{day_id}",
            "/api/v1/calendar/time-off", "/api/v1/calendar/time-off/{time_off_id}", "/api/v1/calendar/check"} <= set(paths)
