"""The SDK's `active_job(kind)`: the workspace's unfinished job of a kind, so a module can run one at a time."""
from crm_platform import sdk
from crm_platform.models import Job


def test_a_queued_job_is_active_until_it_has_run_and_only_in_its_workspace(world, jobs, tenant_session):
    with tenant_session("acme", world.acme.users["rep_n1"]):
        assert sdk.active_job("selftest") is None
        started = sdk.enqueue("selftest", world.acme.users["rep_n1"], {"count": 1})
        assert sdk.active_job("selftest").id == started.id
        assert sdk.active_job("customer_bulk") is None
    with tenant_session("globex"):
        assert sdk.active_job("selftest") is None
    assert jobs.work()
    with tenant_session("acme"):
        assert sdk.active_job("selftest") is None


def test_the_newest_unfinished_one_of_anyone_including_the_workspace_itself(world, tenant_session):
    with tenant_session("acme") as session:
        older = Job(kind="selftest", status="running", user_id=world.acme.users["admin"].id, params={})
        session.add(older)
        session.commit()
        newer = Job(kind="selftest", status="queued", user_id=None, params={})
        done = Job(kind="selftest", status="failed", user_id=None, params={})
        session.add_all([newer, done])
        session.commit()
        assert sdk.active_job("selftest").id == newer.id
        newer.status = "finished"
        session.commit()
        assert sdk.active_job("selftest").id == older.id
