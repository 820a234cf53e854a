"""For plugin authors: a job started inside someone else's transaction, and the language to write to a reader in."""
from rq import Queue
from sqlalchemy import select

from crm_platform import sdk
from crm_platform.models import Job, User


def queued_rq_ids(redis_db):
    return set(Queue("crm", connection=redis_db).job_ids)


def test_the_job_waits_for_the_commit_and_a_rollback_drops_it(world, app, jobs, redis_db, tenant_session):
    with app.test_request_context(), tenant_session("acme") as session:
        admin = session.scalar(select(User).where(User.id == world.acme.users["admin"].id))
        dropped = sdk.enqueue_on_commit("selftest", admin, {"steps": 1})
        session.flush()
        assert queued_rq_ids(redis_db) == set()
        session.rollback()
        kept = sdk.enqueue_on_commit("selftest", None, {"steps": 1})
        assert queued_rq_ids(redis_db) == set()
        session.commit()  # the caller's commit, as a request or job makes it
        assert queued_rq_ids(redis_db) == {kept.rq_id}
        assert session.scalar(select(Job).where(Job.rq_id == dropped.rq_id)) is None
        kept_id = kept.id
    jobs.work()
    with tenant_session("acme") as session:
        assert session.scalar(select(Job.status).where(Job.id == kept_id)) == "finished"


def test_a_push_that_fails_leaves_the_row_queued_for_recovery(world, app, tenant_session):
    app.config["CRM_REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    app.extensions.pop("crm_redis", None)
    with app.test_request_context(), tenant_session("acme") as session:
        job = sdk.enqueue_on_commit("selftest", None, {"steps": 1})
        session.commit()  # does not raise: the request's work is committed whatever Redis does
        assert session.scalar(select(Job.status).where(Job.id == job.id)) == "queued"



def test_a_savepoints_rollback_drops_its_own_jobs_only(world, app, jobs, redis_db, tenant_session):
    with app.test_request_context(), tenant_session("acme") as session:
        kept = sdk.enqueue_on_commit("selftest", None, {"steps": 1})
        with session.begin_nested() as savepoint:  # e.g. a plugin's answer that raised
            dropped = sdk.enqueue_on_commit("selftest", None, {"steps": 1})
            session.flush()
            savepoint.rollback()
        session.commit()
        assert queued_rq_ids(redis_db) == {kept.rq_id}
        assert session.scalar(select(Job.status).where(Job.rq_id == kept.rq_id)) == "queued"
        assert session.scalar(select(Job).where(Job.rq_id == dropped.rq_id)) is None


def test_a_released_savepoint_pushes_nothing_before_the_transaction_commits(world, app, jobs, redis_db,
                                                                           tenant_session):
    with app.test_request_context(), tenant_session("acme") as session:
        job = sdk.enqueue_on_commit("selftest", None, {"steps": 1})
        with session.begin_nested():
            session.flush()
        assert queued_rq_ids(redis_db) == set()
        session.rollback()
        assert queued_rq_ids(redis_db) == set()
        assert session.scalar(select(Job).where(Job.rq_id == job.rq_id)) is None

def test_reader_locale_is_the_users_then_the_workspaces(world, api_client, tenant_session):
    with tenant_session("acme") as session:
        rep = session.scalar(select(User).where(User.id == world.acme.users["rep_n1"].id))
        assert sdk.reader_locale() == "en" and sdk.reader_locale(rep) == "en"
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    with tenant_session("acme") as session:
        rep = session.scalar(select(User).where(User.id == world.acme.users["rep_n1"].id))
        assert sdk.reader_locale() == "zh_CN" and sdk.reader_locale(rep) == "zh_CN"
        rep.locale = "en"
        assert sdk.reader_locale(rep) == "en"
    with tenant_session("globex"):
        assert sdk.reader_locale() == "en"
