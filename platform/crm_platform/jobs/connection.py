"""The Redis connection of an app: CRM_REDIS_URL, or the local server started for you."""
from flask import current_app
from redis import Redis

from crm_platform.jobs.local_redis import ensure_local_redis


def redis_url(app=None):
    """CRM_REDIS_URL when set; otherwise the instance's local server (started on first use)."""
    app = app or current_app
    return app.config.get("CRM_REDIS_URL") or ensure_local_redis(app.instance_path)


def get_redis(app=None):
    """The app's Redis client, made once; it connects lazily, so a down server fails per call."""
    app = app or current_app
    connection = app.extensions.get("crm_redis")
    if connection is None:
        # Short timeouts: when Redis is down an enqueue answers 503 at once
        # instead of holding a web worker.
        connection = Redis.from_url(redis_url(app), socket_connect_timeout=2, socket_timeout=5)
        app.extensions["crm_redis"] = connection
    return connection
