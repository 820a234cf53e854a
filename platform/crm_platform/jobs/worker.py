"""`crm worker`: an RQ worker with RQ's scheduler on the "crm" queue."""
from rq import SimpleWorker

from crm_platform.jobs.connection import get_redis
from crm_platform.jobs.queue import QUEUE
from crm_platform.jobs.runner import use_app


def run_worker(app, burst=False):
    """Work the queue until stopped (or, with `burst`, until it is empty); returns True if any job ran."""
    use_app(app)
    # SimpleWorker runs each job in this process instead of a forked child. A
    # forked child would inherit the SQLAlchemy pool's open connections (two
    # processes on one socket corrupt it) unless every job disposed the engine
    # first; in-process jobs reuse one pool and the app made once. The costs:
    # a job that crashes the interpreter takes the worker with it (a supervisor
    # restarts it; RQ's maintenance marks the job abandoned), and job timeouts
    # rely on SIGALRM in the main thread, which is where the worker runs.
    worker = SimpleWorker([QUEUE], connection=get_redis(app))
    return worker.work(burst=burst, with_scheduler=True)
