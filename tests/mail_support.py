"""Helpers for mail tests: a real SMTP server (aiosmtpd) on a free port, a burst worker, the mails received."""
import re
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from rq import SimpleWorker

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

    async def handle_DATA(self, server, session, envelope):
        """aiosmtpd's hook: keep the message with its envelope recipients."""
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        """Messages delivered to `address`, oldest first."""
        with self.lock:
            return [message for rcpts, message in self.messages if address in rcpts]


def start_smtp():
    """Start an SMTP server on a free port; returns (controller, mailbox)."""
    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    return controller, mailbox


def run_worker(app, redis_db):
    """Drain the queue with a real RQ worker in this process."""
    with app.app_context():
        SimpleWorker(["crm"], connection=redis_db).work(burst=True)


def body(message):
    """The plain-text body of a message."""
    return message.get_body(("plain",)).get_content()


def link_in(message, base_url=BASE_URL):
    """(purpose, path, token) of the link under `base_url` in a message."""
    found = re.search(re.escape(base_url) + r"/(invite|reset)/([A-Za-z0-9_.\-]+)", body(message))
    assert found, body(message)
    purpose, token = found.groups()
    return purpose, f"/{purpose}/{token}", token
