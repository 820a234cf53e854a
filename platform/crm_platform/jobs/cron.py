"""Who ticks: RQ's cron scheduler, run by `crm worker` in a thread, enqueues the tick once a minute.

`rq.cron.CronScheduler` keeps the interval, records each enqueue in Redis
(`rq:cron_job:crm-tick:jobs`) and registers itself in RQ's scheduler registry,
so RQ's own tools see it. Its `start()` loop is not used: it installs signal
handlers, which only the main thread may do (the worker's, where SimpleWorker
runs jobs and RQ's timeouts need SIGALRM), and it ends at the first Redis error.
The loop here calls the same steps and waits out a Redis outage instead.
"""
import logging
import threading

from redis import RedisError
from rq.cron import CronScheduler

from crm_platform.jobs.local_redis import LocalRedisError
from crm_platform.jobs.queue import TICK_QUEUE
from crm_platform.jobs.tick import scheduled_tick

log = logging.getLogger("crm.jobs")

TICK_SECONDS = 60
# After a Redis error the cron tries again this much later.
RETRY_SECONDS = 10


class TickCron:
    """A daemon thread enqueueing `scheduled_tick` on the tick queue every TICK_SECONDS."""

    def __init__(self, connection):
        self.scheduler = CronScheduler(connection=connection, logging_level=logging.WARNING)
        # A tick still queued after a minute is stale: the next one does its work,
        # so the queue never fills with ticks while every worker is busy.
        self.scheduler.register(scheduled_tick, TICK_QUEUE, interval=TICK_SECONDS, job_timeout=10 * TICK_SECONDS,
                                ttl=TICK_SECONDS, result_ttl=TICK_SECONDS * 10, failure_ttl=86400, name="crm-tick")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="crm-tick-cron", daemon=True)

    def start(self):
        """Start ticking in the background."""
        self._thread.start()
        return self

    def stop(self):
        """Stop ticking and leave RQ's scheduler registry."""
        self._stop.set()
        self._thread.join(timeout=RETRY_SECONDS)

    def _loop(self):
        """Enqueue the tick whenever it is due until stopped, waiting out Redis outages."""
        born = False
        while not self._stop.is_set():
            try:
                if not born:
                    self.scheduler.register_birth()
                    born = True
                if self.scheduler.enqueue_jobs():
                    self.scheduler.save()
                self.scheduler.heartbeat()
                wait = self.scheduler.calculate_sleep_interval()
            except (RedisError, LocalRedisError):
                # Redis is down: the tick that was due is enqueued once it is back.
                log.warning("tick cron: Redis is unreachable; trying again in %s s", RETRY_SECONDS)
                wait = RETRY_SECONDS
            self._stop.wait(wait)
        try:
            self.scheduler.register_death()
        except (RedisError, LocalRedisError):
            pass  # its registry entry expires by itself
