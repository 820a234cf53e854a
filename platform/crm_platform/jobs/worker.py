"""`crm worker`: an RQ worker with RQ's scheduler on the "crm" queue, and the tick's cron."""
import logging

from rq import SimpleWorker

from crm_platform.extensions import db
from crm_platform.jobs.connection import get_redis
from crm_platform.jobs.cron import TickCron
from crm_platform.jobs.queue import QUEUE, TICK_QUEUE
from crm_platform.jobs.recovery import recover_stale_jobs
from crm_platform.jobs.runner import use_app
from crm_platform.jobs.tick import run_tick

log = logging.getLogger("crm.jobs")


class InProcessWorker(SimpleWorker):
    """RQ's SimpleWorker (jobs run in this process), whose listener for RQ's commands stops at once."""

    def subscribe(self):
        """Listen on the worker's command channel, polling every second rather than every minute."""
        # RQ polls with get_message(timeout=60), and redis-py 8 joins that thread when the
        # worker stops: a burst run (every test's, `crm worker --burst`) could end with a wait
        # of up to a minute. A one-second poll costs one idle read a second per worker.
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler)


def run_worker(app, burst=False):
    """Work the queue until stopped (or, with `burst`, until it is empty); returns True if any job ran.

    At start it recovers the jobs of workers that died. Without `burst` it runs
    the tick's cron in a thread; with `burst` it runs one tick first instead, so
    that the due schedules are among the jobs it drains.
    """
    use_app(app)
    with app.app_context():
        if burst:
            run_tick()
        else:
            try:
                recover_stale_jobs()
            except Exception:  # e.g. the database is not migrated yet: the worker still starts
                log.exception("job recovery at start failed")
        # RQ starts its scheduler in a forked process, which inherits the pool's
        # open database sockets; emptied here, it inherits none at start. (A
        # scheduler forked later, when another worker's lock expires, can; so
        # stop workers by process group: docs/jobs.md, "The worker".)
        db.engine.dispose()
    connection = get_redis(app)
    # InProcessWorker (a SimpleWorker) runs each job in this process instead of a forked child. A
    # forked child would inherit the SQLAlchemy pool's open connections (two
    # processes on one socket corrupt it) unless every job disposed the engine
    # first; in-process jobs reuse one pool and the app made once. The costs:
    # a job that crashes the interpreter takes the worker with it (a supervisor
    # restarts it; recovery re-queues or fails its job), and job timeouts
    # rely on SIGALRM in the main thread, which is where the worker runs.
    # The tick queue comes first: schedules do not wait behind a backlog.
    worker = InProcessWorker([TICK_QUEUE, QUEUE], connection=connection)
    cron = None if burst else TickCron(connection).start()
    try:
        return worker.work(burst=burst, with_scheduler=True)
    finally:
        if cron is not None:
            cron.stop()
