"""The API calls bench/faults.py makes, as a user with a bearer token would, and what each answered."""
import itertools
import threading
import time
from dataclasses import dataclass, field

import requests

_serial = itertools.count(1)
_serial_lock = threading.Lock()


def next_serial():
    """A number no other call of this run uses (names stay unique across threads)."""
    with _serial_lock:
        return next(_serial)


@dataclass
class Answer:
    """One write: what it was, its status (0: no answer), the job it started, the names it carried."""

    op: str
    status: int
    message: str = ""
    job_id: int | None = None
    customer_id: int | None = None
    names: list = field(default_factory=list)
    phase: str = ""


class Api:
    """One client (one thread): a requests session carrying the admin's token."""

    def __init__(self, base_url, token, prefix):
        self.base = base_url
        self.prefix = prefix  # names of this run's rows start with it
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def _answer(self, op, call, names=()):
        try:
            response = call()
        except requests.RequestException as exc:
            return Answer(op, 0, f"{type(exc).__name__}: {exc}", names=list(names))
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        message = (body.get("error") or {}).get("message", "") if isinstance(body, dict) else ""
        answer = Answer(op, response.status_code, message, names=list(names))
        if response.status_code in (201, 202):
            answer.job_id = body.get("id") if op != "customer" else None
            answer.customer_id = body.get("id") if op == "customer" else None
        return answer

    def create_customer(self):
        """POST /api/v1/customers with a fresh name."""
        name = f"{self.prefix}c{next_serial():06d}"
        return self._answer("customer", lambda: self.session.post(f"{self.base}/api/v1/customers",
                                                                  json={"name": name}, timeout=60), [name])

    def start_import(self, count):
        """POST /api/v1/imports of a CSV of `count` new customers, created even if they look like duplicates."""
        batch = next_serial()
        names = [f"{self.prefix}i{batch:06d}-{n:05d}" for n in range(count)]
        body = "name,email\n" + "".join(f"{name},{name.lower()}@soak.example\n" for name in names)
        return self._answer("import", lambda: self.session.post(
            f"{self.base}/api/v1/imports", data={"on_duplicate": "create"},
            files={"file": (f"soak-{batch}.csv", body.encode(), "text/csv")}, timeout=120), names)

    def start_export(self, search=None):
        """POST /api/v1/exports of every customer, or of those the list's search `search` finds."""
        filters = {"q": search} if search else {}
        return self._answer("export", lambda: self.session.post(f"{self.base}/api/v1/exports", json=filters,
                                                                timeout=60))

    def resume_import(self, batch_id):
        """POST /api/v1/imports/<id>/resume: "Run again" of a failed import."""
        return self._answer("resume", lambda: self.session.post(f"{self.base}/api/v1/imports/{batch_id}/resume",
                                                                timeout=60))

    def read(self):
        """GET the first page of customers; (seconds, status)."""
        started = time.perf_counter()
        try:
            status = self.session.get(f"{self.base}/api/v1/customers?limit=50", timeout=60).status_code
        except requests.RequestException:
            status = 0
        return time.perf_counter() - started, status
