"""Who sees what on the board: dispatchers and executives everyone, a manager their unit subtree, a rep nothing."""
from dispatch_tasks_kit import make_profile, make_task

from crm_platform.sdk import User
from crm_platform.testing.world import MISSING_ID

API = "/api/v1/dispatch"
PEOPLE = ("admin", "manager_north", "rep_n1", "rep_n2", "rep_s1")


def setup_board(dispatch, tenant_session):
    """A profile for each of PEOPLE; an unassigned task per customer and one without a customer per creator."""
    for key in PEOPLE:
        make_profile(dispatch, tenant_session, key)
    tw = dispatch.acme
    for key, customer in tw.customers.items():
        make_task(dispatch, tenant_session, title=f"for {key}", customer_id=customer.id)
    for key in ("rep_n1", "rep_s1"):
        make_task(dispatch, tenant_session, title=f"by {key}", created_by_id=tw.users[key].id)


def seen(client):
    """(task titles on the board, names of the people in the workload)."""
    board = client.get(f"{API}/board", query_string={"limit": 200})
    workload = client.get(f"{API}/workload")
    assert board.status_code == workload.status_code == 200
    return ({item["title"] for item in board.json["items"]}, {row["name"] for row in workload.json["people"]})


def test_a_manager_sees_their_subtree(dispatch, app, api_client, tenant_session):
    setup_board(dispatch, tenant_session)
    tasks, people = seen(api_client("acme", "manager_north"))
    assert tasks == {"for n1_alpha", "for n1_beta", "for n2", "for north_mgr", "by rep_n1"}
    assert people == {"Manager North", "Rep N1", "Rep N2"}
    units = {row["unit_id"] for row in api_client("acme", "manager_north").get(f"{API}/workload").json["units"]}
    assert units == {dispatch.acme.units["north"].id, dispatch.acme.units["north1"].id}


def test_all_scope_roles_see_everyone(dispatch, app, api_client, tenant_session):
    setup_board(dispatch, tenant_session)
    everything = ({f"for {key}" for key in dispatch.acme.customers} | {"by rep_n1", "by rep_s1"},
                  {"Admin", "Manager North", "Rep N1", "Rep N2", "Rep S1"})
    assert seen(api_client("acme", "executive")) == everything
    # The module's Dispatcher role: every customer and task, whatever their unit.
    with tenant_session("acme") as session:
        session.get(User, dispatch.acme.users["rep_s1"].id).role = "dispatcher"
        session.commit()
    assert seen(api_client("acme", "rep_s1")) == everything


def test_a_rep_may_not_dispatch(dispatch, app, api_client, page_client, tenant_session):
    setup_board(dispatch, tenant_session)
    client = api_client("acme", "rep_n1")
    for route in ("board", "workload", "workload/chart", "fairness"):
        assert client.get(f"{API}/{route}").status_code == 403, route
    pages = page_client("acme", "rep_n1")
    for path in ("/dispatch/board/", "/dispatch/board/workload"):
        assert pages.get(path).status_code == 403, path
    assert 'href="/dispatch/board/"' not in pages.get("/customers/").get_data(as_text=True)
    assert 'href="/dispatch/board/"' in page_client("acme", "manager_north").get("/customers/").get_data(as_text=True)


def test_a_unit_out_of_reach_reads_like_a_missing_one(dispatch, app, api_client, page_client, tenant_session):
    setup_board(dispatch, tenant_session)
    client = api_client("acme", "manager_north")
    answers = [client.get(f"{API}/{route}", query_string={"unit_id": unit})
               for route in ("workload", "fairness") for unit in
               (dispatch.acme.units["south"].id, dispatch.globex.units["north"].id, MISSING_ID)]
    assert {answer.status_code for answer in answers} == {422}
    assert len({str(answer.json) for answer in answers}) == 1
    page = page_client("acme", "manager_north").get("/dispatch/board/workload",
                                                    query_string={"unit_id": dispatch.globex.units["north"].id})
    assert page.status_code == 400 and "Choose one of your org units." in page.get_data(as_text=True)


def test_the_module_off_hides_the_board(dispatch, app, api_client, enable_plugin):
    enable_plugin("acme", "task_dispatch", enabled=False)
    assert api_client("acme", "admin").get(f"{API}/board").status_code == 404
