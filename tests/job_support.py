"""Helpers shared by the job fault and race tests: queue as an admin, poll, drain the queues."""
import time

from crm_platform.extensions import db
from crm_platform.jobs.queue import enqueue
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import User
from crm_platform.tenancy import tenant_scope


def enqueue_as_admin(app, world, kind, **params):
    """Queue a job as acme's admin; returns its id."""
    with app.test_request_context(), tenant_scope(world.acme.id, world.acme.users["admin"].id):
        return enqueue(kind, db.session.get(User, world.acme.users["admin"].id), params).id


def wait_for(predicate, timeout=60, every=0.05):
    """Poll `predicate` until it is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(every)


def run_worker(app, redis_db):
    """Drain the tick and job queues with a real RQ worker in this process."""
    with app.app_context():
        InProcessWorker(["crm-tick", "crm"], connection=redis_db).work(burst=True)
