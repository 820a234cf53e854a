"""The board's list: unassigned tasks only, each filter, soonest due first in keyset pages, on the API and the page."""
from datetime import datetime, timezone

from dispatch_tasks_kit import make_catalogue, make_profile, make_task

from crm_platform.testing.cross_tenant import normalized
from crm_platform.testing.world import MISSING_ID

API = "/api/v1/dispatch/board"


def at(day, hour=2):
    """An instant on a day of March 2026 (UTC)."""
    return datetime(2026, 3, day, hour, tzinfo=timezone.utc)


def setup_tasks(dispatch, tenant_session):
    """Five unassigned tasks with different priorities, regions, skills, customers and due times; one assigned."""
    customers = dispatch.acme.customers
    make_catalogue(tenant_session, skills=("plumbing", "wiring", "wiring_3p"))
    rows = {
        "boiler": dict(priority="urgent", region="North", due=at(10), customer_id=customers["n1_alpha"].id,
                       required_skills=[{"skill": "plumbing", "level": 3}]),
        "socket": dict(priority="normal", region="South", due=at(12), customer_id=customers["s1"].id,
                       required_skills=[{"skill": "wiring", "level": 2}]),
        "panel": dict(priority="high", region="North", due=at(11, 20), customer_id=customers["n1_alpha"].id,
                      required_skills=[{"skill": "wiring_3p", "level": 4}, {"skill": "plumbing", "level": 1}]),
        "survey": dict(priority="low", region=None, due=None),
        "leak": dict(priority="normal", region="North", due=None, customer_id=customers["n2"].id),
    }
    tasks = {key: make_task(dispatch, tenant_session, title=key, **columns) for key, columns in rows.items()}
    make_task(dispatch, tenant_session, title="taken", status="assigned", assignee_id=dispatch.acme.users["rep_n1"].id)
    return tasks


def titles(client, **query):
    """The titles of the board's first page for `query`."""
    answer = client.get(API, query_string=query)
    assert answer.status_code == 200, answer.json
    return [item["title"] for item in answer.json["items"]]


def test_unassigned_tasks_soonest_due_first_and_the_undated_last(dispatch, app, api_client, tenant_session):
    setup_tasks(dispatch, tenant_session)
    client = api_client("acme", "admin")
    first = client.get(API, query_string={"limit": 2}).json
    assert [item["title"] for item in first["items"]] == ["boiler", "panel"]
    assert first["items"][0]["customer_name"] == "Alpha Trading"
    assert first["items"][0]["required_skills"] == [{"skill": "plumbing", "level": 3}]
    second = client.get(API, query_string={"limit": 2, "cursor": first["next_cursor"]}).json
    third = client.get(API, query_string={"limit": 2, "cursor": second["next_cursor"]}).json
    assert [item["title"] for item in second["items"]][0] == "socket"
    assert {item["title"] for item in second["items"][1:] + third["items"]} == {"survey", "leak"}
    assert third["next_cursor"] is None
    assert client.get(API, query_string={"cursor": "nonsense"}).status_code == 400


def test_each_filter(dispatch, app, api_client, tenant_session):
    setup_tasks(dispatch, tenant_session)
    client = api_client("acme", "admin")
    assert client.patch("/api/v1/workspace", json={"timezone": "Asia/Shanghai"}).status_code == 200
    customers = dispatch.acme.customers
    assert titles(client, priority="normal") == ["socket", "leak"]
    assert titles(client, region="North") == ["boiler", "panel", "leak"]
    assert titles(client, skill="plumbing") == ["boiler", "panel"]
    # A key that another key starts with, or that holds LIKE's wildcards, matches only itself.
    assert titles(client, skill="wiring") == ["socket"]
    assert titles(client, skill="wiring%") == [] and titles(client, skill="wiring_") == []
    assert titles(client, customer_id=customers["n1_alpha"].id) == ["boiler", "panel"]
    # Due by the end of the workspace's 11 March (Asia/Shanghai): 20:00 UTC on the 11th is the 12th there.
    assert titles(client, due_before="2026-03-11") == ["boiler"]
    assert titles(client, due_before="2026-03-12") == ["boiler", "panel", "socket"]
    assert titles(client, region="North", priority="urgent") == ["boiler"]
    for bad in ({"priority": "soon"}, {"due_before": "yesterday"}, {"customer_id": "x"}):
        assert client.get(API, query_string=bad).status_code == 422


def test_the_page_lists_filters_and_posts_the_selection(dispatch, app, page_client, tenant_session):
    tasks = setup_tasks(dispatch, tenant_session)
    client = page_client("acme", "admin")
    page = client.get("/dispatch/board/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'name="task_ids" value="{tasks["boiler"].id}"' in html and "taken" not in html
    assert 'name="csrf_token"' in html and 'id="fairness-overall"' in html
    assert '<option value="wiring_3p">Wiring_3P</option>' in html and '<option value="North">North</option>' in html
    filtered = client.get("/dispatch/board/", query_string={"skill": "wiring", "region": "South"})
    text = filtered.get_data(as_text=True)
    assert filtered.status_code == 200 and f'value="{tasks["socket"].id}"' in text
    assert f'value="{tasks["boiler"].id}"' not in text
    bad = client.get("/dispatch/board/", query_string={"priority": "soon"})
    assert bad.status_code == 400 and "Some filters are not valid" in bad.get_data(as_text=True)
    empty = client.get("/dispatch/board/", query_string={"region": "Nowhere"})
    assert empty.status_code == 200 and "No unassigned tasks match." in empty.get_data(as_text=True)


def test_a_chosen_task_shows_its_candidates_to_assign(dispatch, app, page_client, tenant_session):
    tasks = setup_tasks(dispatch, tenant_session)
    for key in ("rep_n1", "rep_n2"):
        make_profile(dispatch, tenant_session, key, skills={"plumbing": 4})
    client = page_client("acme", "admin")
    survey = tasks["survey"]
    page = client.get("/dispatch/board/", query_string={"task": survey.id})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="candidates"' in html and 'id="dispatch-candidates"' in html
    assert f'action="/dispatch/assign/tasks/{survey.id}"' in html
    assert f'value="{dispatch.acme.users["rep_n1"].id}"' in html
    # The assign form comes back to the board, where the task has left the unassigned list.
    top = html.split('name="user_id" value="')[1].split('"')[0]
    done = client.post(f"/dispatch/assign/tasks/{survey.id}",
                       data={"user_id": top, "next": f"/dispatch/board/?task={survey.id}",
                             "csrf_token": ""}, follow_redirects=True)
    assert done.status_code == 200 and done.request.path == "/dispatch/board/"
    assert f'name="task_ids" value="{survey.id}"' not in done.get_data(as_text=True)
    # Another workspace's task, an invisible one and a missing id are the same 404.
    other = make_task(dispatch, tenant_session, tenant="globex", title="theirs")
    answers = [client.get("/dispatch/board/", query_string={"task": task_id}) for task_id in (other.id, MISSING_ID)]
    assert [answer.status_code for answer in answers] == [404, 404]
    assert normalized(answers[0], False) == normalized(answers[1], False)   # but for the page's CSRF token
    hidden = make_task(dispatch, tenant_session, title="south only", customer_id=dispatch.acme.customers["s1"].id)
    assert page_client("acme", "manager_north").get("/dispatch/board/",
                                                    query_string={"task": hidden.id}).status_code == 404


def test_the_ticked_tasks_go_to_the_batch_preview(dispatch, app, page_client, tenant_session):
    tasks = setup_tasks(dispatch, tenant_session)
    for key in ("rep_n1", "rep_n2"):
        make_profile(dispatch, tenant_session, key, skills={"plumbing": 4, "wiring": 3})
    client = page_client("acme", "admin")
    board = client.get("/dispatch/board/").get_data(as_text=True)
    form = board.split('id="board-batch"')[0].rsplit("<form", 1)[1]
    assert 'method="post"' in form and 'action="/dispatch/batch/"' in form
    preview = client.post("/dispatch/batch/", data={"task_ids": [tasks["boiler"].id, tasks["socket"].id]})
    assert preview.status_code == 302 and "/dispatch/batch/" in preview.headers["Location"]
