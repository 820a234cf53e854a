"""Apps shared between the tests that ask for the same configuration.

Building an app costs about half a second (flask-smorest documents ~200 API paths,
werkzeug compiles ~650 rules), which used to be most of every test's time. The
pool builds one app per configuration and, after each test, puts it back as it was
built: its database empty (SQLite: the file replaced by a copy of the empty one;
PostgreSQL: every table truncated), ``app.config`` and ``app.extensions`` as they
were, the instance folder as it was, the sign-in throttle's counters forgotten.
A test that changes the app in ways these do not undo (adding routes) asks for
``@pytest.mark.fresh_app``.
"""
import shutil
from collections import OrderedDict
from pathlib import Path

from crm_platform.jobs.local_redis import stop_local_redis
from crm_platform.testing.databases import dispose, make_app


class PooledApp:
    """One app of the pool and what it looked like when it was built."""

    def __init__(self, config, test_database, folder):
        self.folder = folder
        self.test_database = test_database
        self.database_file = folder / "crm.sqlite"
        self.app = make_app(config, test_database.url_for(folder), folder / "instance")
        dispose(self.app)
        self.config = dict(self.app.config)
        self.extensions = dict(self.app.extensions)
        self.instance = Path(self.app.instance_path)
        self.instance.mkdir(parents=True, exist_ok=True)
        self.instance_copy = folder / "instance.built"
        shutil.copytree(self.instance, self.instance_copy)
        if test_database.is_sqlite:
            self.empty_database = folder / "crm.sqlite.empty"
            shutil.copyfile(self.database_file, self.empty_database)

    def reset(self):
        """Put the app back as it was built (see the module docstring)."""
        from crm_platform.extensions import db

        app = self.app
        dispose(app)
        if self.test_database.is_sqlite:
            for leftover in self.folder.glob("crm.sqlite-*"):  # a journal or WAL of the last test
                leftover.unlink()
            shutil.copyfile(self.empty_database, self.database_file)
        else:
            self.test_database.empty(db.metadata)
        app.config.clear()
        app.config.update(self.config)
        for name, value in list(app.extensions.items()):
            if self.extensions.get(name) is not value:
                _close(value)
        app.extensions.clear()
        app.extensions.update(self.extensions)
        throttle = app.extensions.get("crm_login_throttle")
        if throttle is not None and type(throttle.storage).__name__ == "MemoryStorage":
            throttle.storage.reset()
        # A local Redis a test started lives in the instance folder: stopped first, or it runs on orphaned.
        stop_local_redis(self.instance)
        shutil.rmtree(self.instance)
        shutil.copytree(self.instance_copy, self.instance)

    def close(self):
        """Release the app's connections, and stop the local Redis a test started for it."""
        dispose(self.app)
        stop_local_redis(self.instance)


def _close(extension):
    """Close what a test made on the app (a Redis client), so its connections do not pile up."""
    close = getattr(extension, "close", None)
    if callable(close):
        close()


class AppPool:
    """The apps of a test session, one per configuration, the least recently used dropped past `size`."""

    def __init__(self, test_database, folder, size=4):
        self.test_database = test_database
        self.folder = folder
        self.size = size
        self._apps = OrderedDict()
        self._built = 0

    def take(self, config):
        """The pool's app for `config`, built on first use; give it back with :meth:`give_back`."""
        key = repr(sorted(config.items()))
        pooled = self._apps.pop(key, None)
        if pooled is None:
            self._built += 1
            folder = self.folder / f"app{self._built}"
            folder.mkdir()
            pooled = PooledApp(config, self.test_database, folder)
        self._apps[key] = pooled
        while len(self._apps) > self.size:
            _, oldest = self._apps.popitem(last=False)
            oldest.close()
        return pooled

    def close(self):
        """Release every app's connections."""
        for pooled in self._apps.values():
            pooled.close()
        self._apps.clear()
