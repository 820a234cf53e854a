"""Issue 8 bug 11: `make run` prints the demo logins last, once the web app and the worker are up, without warnings."""
import re
import signal
import subprocess
import threading
import time

from crm_platform.testing import free_port
from process_support import HONCHO, PROCFILE, crm_env, stop_group
from process_support import instance  # noqa: F401  (the fixture)


def _read_lines(stream, lines):
    for line in stream:
        lines.append(line.rstrip("\n"))


def _process(line):
    """Which Procfile process printed `line` ("14:02:11 web.1    | ..." is web's), or None for honcho's own."""
    match = re.match(r"\S+ (\w+)\.\d+\s*\|", line)
    return match.group(1) if match else None


def test_the_logins_come_last_and_no_warning_is_printed(instance):
    port = free_port()
    honcho = subprocess.Popen([HONCHO, "start", "-f", PROCFILE], cwd=instance.parent, start_new_session=True,
                              env=crm_env(instance, CRM_PORT=str(port), CRM_ENV="development"),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    reader = threading.Thread(target=_read_lines, args=(honcho.stdout, lines), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while not any("Ctrl-C stops everything" in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # anything the web app or the worker would still print at start
        snapshot = list(lines)
    finally:
        stop_group(honcho, signal.SIGINT)
    output = "\n".join(snapshot)
    assert "Ctrl-C stops everything" in output, output
    web_up = max(i for i, line in enumerate(snapshot) if _process(line) == "web" and "Running on" in line)
    worker_up = max(i for i, line in enumerate(snapshot) if _process(line) == "worker" and "Listening on" in line)
    logins_at = next(i for i, line in enumerate(snapshot) if "Demo workspace: demo" in line)
    assert logins_at > web_up and logins_at > worker_up, output
    assert {_process(line) for line in snapshot[logins_at:]} == {"logins"}, output
    assert "admin@" in output.split("Demo workspace: demo")[1]
    assert "WARNING:crm" not in output  # no warnings of ours (werkzeug's own banner is not one)
