"""The Redis connection of an app: CRM_REDIS_URL, or the local server started for you."""
from flask import current_app
from redis import ConnectionPool, Redis
from redis.connection import UnixDomainSocketConnection

from crm_platform.jobs.local_redis import ensure_local_redis, socket_path

# Short timeouts: when Redis is down an enqueue answers 503 at once instead of
# holding a web worker.
_TIMEOUTS = {"socket_connect_timeout": 2, "socket_timeout": 5}


class LocalServerConnection(UnixDomainSocketConnection):
    """A connection to the instance's local Redis that starts the server when it is not running.

    Starting at connect time, not when the client is made, means a command that
    never talks to Redis never starts a server.
    """

    def __init__(self, instance_path, **kwargs):
        super().__init__(**kwargs)
        self.instance_path = instance_path

    def _connect(self):
        ensure_local_redis(self.instance_path)
        return super()._connect()


def get_redis(app=None):
    """The app's Redis client, made once; it connects lazily, so a down server fails per call."""
    app = app or current_app
    connection = app.extensions.get("crm_redis")
    if connection is None:
        if app.config.get("CRM_REDIS_URL"):
            connection = Redis.from_url(app.config["CRM_REDIS_URL"], **_TIMEOUTS)
        else:
            # RQ rebuilds clients from the pool's class and kwargs (its scheduler
            # process), so the instance path travels as a connection kwarg.
            pool = ConnectionPool(connection_class=LocalServerConnection, path=str(socket_path(app.instance_path)),
                                  instance_path=app.instance_path, **_TIMEOUTS)
            connection = Redis(connection_pool=pool)
        app.extensions["crm_redis"] = connection
    return connection
