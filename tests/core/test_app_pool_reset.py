"""The test kit's app pool puts an app back as it was built, local Redis included."""
import os

from crm_platform.jobs.connection import get_redis
from crm_platform.testing.app_pool import AppPool


def running(pid):
    """True while process `pid` exists (a zombie child counts as gone once reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_reset_stops_the_local_redis_a_test_started(test_database, tmp_path):
    """Its socket goes with the instance folder, so a server left running would be orphaned."""
    pool = AppPool(test_database, tmp_path)
    try:
        config = {"TESTING": True, "SECRET_KEY": "test-secret-key"}  # no CRM_REDIS_URL: the local server
        pooled = pool.take(config)
        assert get_redis(pooled.app).ping()
        pid_file = pooled.instance / "redis" / "redis.pid"
        pid = int(pid_file.read_text())
        assert running(pid)

        pooled.reset()

        os.waitpid(pid, os.WNOHANG)  # the server was our child: reap it
        assert not running(pid)
        assert not pid_file.exists()
        # The next test that needs Redis gets a server again.
        assert get_redis(pool.take(config).app).ping()
    finally:
        pool.close()
