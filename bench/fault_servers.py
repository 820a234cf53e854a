"""The processes bench/faults.py breaks: a redis-server with an append-only file, and `crm worker`s.

Both listen on loopback only (the worker listens on nothing) and are stopped by
their owner's stop(); faults.py stops whatever is left in a `finally`.
"""
import os
import signal
import subprocess
import sys
import time

import redis

from crm_platform.jobs.local_redis import _executable as redis_server_executable  # the product's own binary
from load_servers import checkout_env, free_port

# `crm worker` as `make run` starts it, from this checkout's code.
WORKER = "from crm_platform.cli import main; main(['worker'])"


class Redis:
    """redis-server on a free 127.0.0.1 port, set up as docs/jobs.md asks of production (AOF, everysec, noeviction)."""

    def __init__(self, folder):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self, timeout=20):
        """Start it (on the same port and files as before, after a kill) and wait until it answers."""
        self.process = subprocess.Popen(
            [redis_server_executable(), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    client.ping()
                    return
                except redis.exceptions.BusyLoadingError:  # replaying its append-only file
                    time.sleep(0.05)
                except redis.ConnectionError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("redis-server did not start")
                    time.sleep(0.05)
        finally:
            client.close()

    def kill(self):
        """SIGKILL: whatever the last second wrote to the append-only file may be lost, as in a crash."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


class Workers:
    """`crm worker` processes, each in its own process group (RQ forks its scheduler: docs/jobs.md, "The worker")."""

    def __init__(self, env, log_path):
        self.env = checkout_env(env)
        self.log = open(log_path, "a")
        self.running = []
        self.restarts = 0  # workers started again by supervise() after they exited on their own

    def start(self):
        """Start one more worker; returns its Popen."""
        worker = subprocess.Popen([sys.executable, "-c", WORKER], env=self.env, stdout=self.log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        self.running.append(worker)
        return worker

    def kill(self, worker):
        """SIGKILL the worker's whole process group, as the OOM killer or a power cut would end it."""
        try:
            os.killpg(worker.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        worker.wait(10)
        self.running.remove(worker)

    def supervise(self):
        """Start a worker for each one that exited on its own (a supervisor's job); returns how many."""
        exited = [worker for worker in self.running if worker.poll() is not None]
        for worker in exited:
            self.kill(worker)  # its group: RQ's scheduler process may outlive it
            self.start()
        self.restarts += len(exited)
        return len(exited)

    def stop_running(self):
        """SIGTERM every group (a warm shutdown), SIGKILL what is left after 20 s."""
        for worker in self.running:
            try:
                os.killpg(worker.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 20
        for worker in list(self.running):
            try:
                worker.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            self.kill(worker)

    def stop(self):
        """Stop every worker and close the log."""
        self.stop_running()
        self.log.close()
