"""Counting the SQL statements a request sends (for tests of round trips per request)."""
from contextlib import contextmanager

from sqlalchemy import event

from crm_platform.extensions import db


@contextmanager
def statements(app):
    """Collect, in a list, the SQL statements `app`'s engine sends while the block runs."""
    sent = []

    def seen(conn, cursor, statement, *args):
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", seen)
