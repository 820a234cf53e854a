"""The kit's background-job helper: the app on the kit's Redis, the schedule tick and a worker in the test."""
from datetime import timezone

from crm_platform.jobs.worker import InProcessWorker


class JobRunner:
    """`jobs.tick(now)` runs the schedule tick as if it were `now`; `jobs.work()` drains the queues."""

    def __init__(self, app, redis):
        self.app = app
        self.redis = redis

    def tick(self, now=None):
        """Run the schedule tick (at aware UTC `now`, default the real time); returns its summary."""
        from crm_platform.jobs.tick import run_tick

        if now is not None and now.tzinfo is None:
            raise ValueError("give tick() an aware UTC datetime, e.g. datetime(2026, 1, 5, 6, 0, tzinfo=timezone.utc)")
        with self.app.app_context():
            return run_tick(now.astimezone(timezone.utc) if now else None)

    def work(self):
        """Run every queued job to its end with a real RQ worker in this process; True if any ran."""
        from crm_platform.jobs.queue import QUEUE, TICK_QUEUE

        with self.app.app_context():
            return InProcessWorker([TICK_QUEUE, QUEUE], connection=self.redis).work(burst=True)


def point_app_at(app, redis_url):
    """Make `app` use the Redis at `redis_url` from now on (its client is made again on next use)."""
    app.config["CRM_REDIS_URL"] = redis_url
    app.extensions.pop("crm_redis", None)
