"""Helpers for mail tests: a real SMTP server (aiosmtpd) on a free port, a burst worker, the mails received.

A test module takes the `smtp` and `app_config` fixtures by naming them at module level
(`smtp, app_config = mail_support.smtp, mail_support.app_config`), which overrides
`app_config` for that module only.
"""
import re
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.jobs.worker import InProcessWorker
from crm_platform.models import Job
from crm_platform.tenancy import unscoped

BASE_URL = "https://crm.example.test/app"


def free_port():
    """A local port nothing listens on (until someone binds it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    """What the test SMTP server received, as parsed messages."""

    port: int
    messages: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    encrypted: list = field(default_factory=list)
    controller: object = None
    cert: object = None

    async def handle_DATA(self, server, session, envelope):
        """aiosmtpd's hook: keep the message with its envelope recipients, and whether it came over TLS."""
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
            self.encrypted.append(server.transport.get_extra_info("ssl_object") is not None)
        return "250 Message accepted for delivery"

    def stop(self):
        """Take the server down (at most once: aiosmtpd closes its loop)."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address):
        """Messages delivered to `address`, oldest first."""
        with self.lock:
            return [message for rcpts, message in self.messages if address in rcpts]


def start_smtp(**tls):
    """Start an SMTP server on a free port; returns (controller, mailbox).

    `tls` goes to aiosmtpd: `tls_context=…, require_starttls=True` for STARTTLS,
    `ssl_context=…` for TLS from the start.
    """
    mailbox = Mailbox(port=free_port())
    mailbox.controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port, **tls)
    mailbox.controller.start()
    return mailbox.controller, mailbox


def self_signed_cert(folder):
    """A key and a self-signed certificate for 127.0.0.1 (openssl CLI) in `folder`; returns (cert, key) paths."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def server_tls_context(cert, key):
    """The SMTP server's side of TLS, with the certificate from `self_signed_cert`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def smtp(request, tmp_path):
    """A real SMTP server for this test; its Mailbox (`mailbox.stop()` takes it down).

    Indirectly parametrized with "starttls" or "ssl", it speaks TLS with a
    self-signed certificate for 127.0.0.1 (`mailbox.cert`), STARTTLS required.
    """
    mode = getattr(request, "param", None)
    tls, cert = {}, None
    if mode:
        cert, key = self_signed_cert(tmp_path)
        context = server_tls_context(cert, key)
        tls = {"ssl_context": context} if mode == "ssl" else {"tls_context": context, "require_starttls": True}
    _, mailbox = start_smtp(**tls)
    mailbox.cert = cert
    yield mailbox
    mailbox.stop()


@pytest.fixture
def app_config(app_config, request, redis_db, redis_url, smtp):
    """The test Redis for jobs and throttle counters, the smtp backend on the test server, a public URL.

    A test's own `app_config` marker still wins.
    """
    marker = request.node.get_closest_marker("app_config")
    return {**app_config, "CRM_REDIS_URL": redis_url, "CRM_THROTTLE_STORAGE_URL": redis_url,
            "CRM_MAIL_BACKEND": "smtp", "CRM_SMTP_HOST": "127.0.0.1", "CRM_SMTP_PORT": smtp.port,
            "CRM_BASE_URL": BASE_URL, **(marker.kwargs if marker else {})}


def run_worker(app, redis_db):
    """Drain the queue with a real RQ worker in this process."""
    with app.app_context():
        InProcessWorker(["crm"], connection=redis_db).work(burst=True)


def body(message):
    """The plain-text body of a message."""
    return message.get_body(("plain",)).get_content()


def link_in(message, base_url=BASE_URL):
    """(purpose, path, token) of the link under `base_url` in a message."""
    found = re.search(re.escape(base_url) + r"/(invite|reset)/([A-Za-z0-9_.\-]+)", body(message))
    assert found, body(message)
    purpose, token = found.groups()
    return purpose, f"/{purpose}/{token}", token


def ask_reset(client, workspace, email, **kwargs):
    """POST the API's reset request; returns the response."""
    return client.post("/api/v1/auth/password-reset", json={"workspace": workspace, "email": email}, **kwargs)


def jobs_of_kind(app, kind):
    """Every job row of `kind`, of every tenant, oldest first (detached)."""
    with app.app_context(), unscoped("test: the mail jobs"):
        rows = db.session.scalars(select(Job).where(Job.kind == kind).order_by(Job.created_at, Job.id)).all()
        db.session.expunge_all()
        return rows


def mailed_link(app, redis_db, smtp, email):
    """Run the queued jobs; (path, token) of the link in the newest mail to `email`."""
    run_worker(app, redis_db)
    _, path, token = link_in(smtp.to(email)[-1])
    return path, token
