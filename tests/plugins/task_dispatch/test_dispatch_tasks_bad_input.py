"""Bad input to the task list and forms is a field error (4xx), never a server error."""


def test_a_due_day_beyond_the_calendar_is_a_field_error(dispatch, api_client, page_client):
    """The list's due_to is the day after which tasks drop out: a day with no next day cannot be a 500."""
    answer = api_client("acme", "admin").get("/api/v1/dispatch/tasks", query_string={"due_to": "9999-12-31"})
    assert answer.status_code == 422 and "due_to" in answer.get_json()["error"]["fields"]
    assert page_client("acme", "admin").get("/dispatch/tasks/", query_string={"due_to": "9999-12-31"}).status_code == 400
    assert api_client("acme", "admin").get("/api/v1/dispatch/tasks", query_string={"due_to": "2999-12-31"}).status_code == 200


def test_a_skill_row_whose_number_is_not_ascii_digits_is_left_out(dispatch, page_client):
    """"²" is a digit to str.isdigit() but not to int(): such a field is not a skill row of the form."""
    answer = page_client("acme", "admin").post("/dispatch/tasks/new", data={"title": "Odd form", "skill_\u00b2": "x"})
    assert answer.status_code == 302


def test_a_source_link_that_browsers_read_as_another_host_is_not_linked(dispatch, tenant_session, page_client):
    """"/\\\\host" and "/<tab>/host" look like paths of this site, but browsers go to another host."""
    from dispatch_tasks_kit import make_task

    from plugins.task_dispatch.tasks.requests import safe_url

    assert safe_url("/service/tickets/7") == "/service/tickets/7"
    for url in ("/\\evil.example/x", "/\t/evil.example/x", "/\n/evil.example"):
        assert safe_url(url) is None
        task = make_task(dispatch, tenant_session, source_kind="ticket", source_id=9, source_url=url)
        shown = page_client("acme", "admin").get(f"/dispatch/tasks/{task.id}").get_data(as_text=True)
        assert "evil.example" not in shown and "ticket #9" in shown


def test_a_task_keeps_a_skill_archived_since_and_may_still_be_edited(dispatch, tenant_session, api_client):
    """Archived items stay with whoever holds them: editing the title of a task that requires one is fine, while
    newly asking for an archived skill is still refused."""
    from dispatch_tasks_kit import make_catalogue, make_task

    from plugins.task_dispatch.models import CatalogueItem

    ids = make_catalogue(tenant_session)
    task = make_task(dispatch, tenant_session, required_skills=[{"skill": "plumbing", "level": 2}],
                     required_resources=["van"])
    with tenant_session("acme") as session:
        for key in ("plumbing", "wiring", "van"):
            session.get(CatalogueItem, ids[key]).archived = True
        session.commit()
    api = api_client("acme", "admin")
    renamed = api.patch(f"/api/v1/dispatch/tasks/{task.id}", json={"title": "Fix the boiler today"})
    assert renamed.status_code == 200 and renamed.get_json()["required_skills"] == [{"skill": "plumbing", "level": 2}]
    more = api.patch(f"/api/v1/dispatch/tasks/{task.id}", json={"required_skills": [
        {"skill": "plumbing", "level": 3}, {"skill": "wiring", "level": 1}]})
    assert more.status_code == 422 and "wiring" in str(more.get_json()["error"]["fields"]["required_skills"])


def test_the_edit_form_offers_the_archived_items_the_task_requires(dispatch, tenant_session, page_client):
    """Else the form's select and boxes lack them and saving any change silently drops them."""
    from dispatch_tasks_kit import make_catalogue, make_task

    from plugins.task_dispatch.models import CatalogueItem, Task

    ids = make_catalogue(tenant_session)
    task = make_task(dispatch, tenant_session, required_skills=[{"skill": "plumbing", "level": 2}],
                     required_resources=["van"])
    with tenant_session("acme") as session:
        for key in ("plumbing", "van"):
            session.get(CatalogueItem, ids[key]).archived = True
        session.commit()
    page = page_client("acme", "admin")
    form = page.get(f"/dispatch/tasks/{task.id}/edit").get_data(as_text=True)
    assert 'value="plumbing"' in form and 'value="van"' in form
    assert 'value="plumbing"' not in page.get("/dispatch/tasks/new").get_data(as_text=True)
    saved = page.post(f"/dispatch/tasks/{task.id}/edit", data={
        "title": "Fix the boiler today", "priority": "normal", "effort": "1", "skill_0": "plumbing", "level_0": "2",
        "required_resources": "van"})
    assert saved.status_code == 302
    with tenant_session("acme") as session:
        kept = session.get(Task, task.id)
        assert kept.required_skills == [{"skill": "plumbing", "level": 2}] and kept.required_resources == ["van"]
