"""Where attachment files lie: `<CRM_ATTACHMENT_DIR>/<tenant_id>/<32 hex>`.

The name on disk is random and comes from the database row, never from the
user, so no request can reach outside the tenant's folder. A file is removed
once the transaction deleting its row commits (deleting the attachment, or its
customer, whose rows go by cascade: the core's attachments and the files of the
plugins' rows they name through `crm_customer_stored_files`), so a rolled-back
delete keeps the file;
a file stored for a row that is never committed (the transaction rolls back)
is removed again. Savepoints (whose RELEASE and ROLLBACK TO SAVEPOINT fire the
same session events) neither remove files nor forget the outer transaction's.
"""
import logging
import os
import re
import secrets
from pathlib import Path
from weakref import WeakKeyDictionary

from flask import current_app
from sqlalchemy import event, select

from crm_platform.extensions import db
from crm_platform.models import Customer, CustomerAttachment
from crm_platform.modules.state import installed_hook
from crm_platform.tenancy import TenantSession

log = logging.getLogger("crm.attachments")

_NAME = re.compile(r"^[0-9a-f]{32}$")
_COPY_BUFFER = 1024 * 1024
_DOOMED = "attachment_files_to_remove"
_FRESH = "attachment_files_uncommitted"
_SAVEPOINT_MARKS = WeakKeyDictionary()
"""{savepoint transaction: how many files were doomed when it began}, so its rollback forgets only its own."""


def attachment_root():
    """The folder holding every tenant's attachment folder (CRM_ATTACHMENT_DIR, default <instance>/attachments)."""
    return Path(current_app.config.get("CRM_ATTACHMENT_DIR") or Path(current_app.instance_path) / "attachments")


def attachment_path(tenant_id, stored_name):
    """The file of a stored attachment, or None when `stored_name` is not one of ours."""
    if not isinstance(stored_name, str) or not _NAME.match(stored_name):
        return None
    return attachment_root() / str(int(tenant_id)) / stored_name


def save_file(stream, tenant_id, limit):
    """Copy `stream` to a new file of the tenant; returns (stored name, size), or (None, size) past `limit` bytes."""
    folder = attachment_root() / str(int(tenant_id))
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    partial, size = folder / f"{name}.part", 0
    try:
        with open(partial, "wb") as out:
            while chunk := stream.read(_COPY_BUFFER):
                size += len(chunk)
                if size > limit:
                    partial.unlink()
                    return None, size
                out.write(chunk)
        os.replace(partial, folder / name)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return name, size


def remove_file(tenant_id, stored_name):
    """Delete a stored file if it is still there."""
    path = attachment_path(tenant_id, stored_name)
    if path is not None:
        path.unlink(missing_ok=True)


def keep_unless_rolled_back(tenant_id, stored_name):
    """Remove the file just stored if the session's transaction rolls back instead of committing its row."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any query still ends a transaction, and is heard
    session.info.setdefault(_FRESH, []).append((tenant_id, stored_name))


def forget_file(tenant_id, stored_name):
    """Remove a stored file once the session's transaction commits (its row's delete); a rollback keeps it."""
    db.session.info.setdefault(_DOOMED, []).append((tenant_id, stored_name))


def customer_file_queries(customer_ids):
    """SELECTs of the stored names of the files that go with these customers: the core's and every installed plugin's.

    Plugins are asked enabled or not (a disabled module's rows cascade all the
    same). One whose hook raises is logged and skipped: its files stay on disk,
    which is the lesser harm than a customer nobody can delete.
    """
    queries = [select(CustomerAttachment.stored_name).where(CustomerAttachment.customer_id.in_(customer_ids))]
    for impl in installed_hook("crm_customer_stored_files").get_hookimpls():
        try:
            queries += [query for query in impl.function(customer_ids=customer_ids) or () if query is not None]
        except Exception:  # one plugin's bug must not stop the deletion
            log.exception("plugin %s failed in crm_customer_stored_files", impl.plugin_name)
    return queries


@event.listens_for(TenantSession, "before_flush")
def _note_doomed_files(session, flush_context, instances):
    """Remember the files of attachments about to be deleted, and of the rows that cascade from deleted customers.

    Before the flush, so the rows that the database deletes by cascade are still there to be read.
    """
    doomed = session.info.setdefault(_DOOMED, [])
    customers = {}
    for obj in session.deleted:
        if isinstance(obj, Customer):
            customers.setdefault(obj.tenant_id, []).append(obj.id)
    doomed += [(obj.tenant_id, obj.stored_name) for obj in session.deleted if isinstance(obj, CustomerAttachment)]
    with session.no_autoflush:
        for tenant_id, customer_ids in customers.items():
            for query in customer_file_queries(customer_ids):
                doomed += [(tenant_id, stored_name) for stored_name in session.scalars(query)]


@event.listens_for(TenantSession, "after_transaction_create")
def _mark_savepoint(session, transaction):
    """Note where a savepoint's doomed files begin."""
    if transaction.nested:
        _SAVEPOINT_MARKS[transaction] = len(session.info.get(_DOOMED, []))


@event.listens_for(TenantSession, "after_commit")
def _remove_doomed_files(session):
    """The deletes are committed: their files go too (not at a savepoint's release: the transaction may still fail)."""
    if session.in_nested_transaction():
        return
    session.info.pop(_FRESH, None)
    for tenant_id, stored_name in session.info.pop(_DOOMED, []):
        remove_file(tenant_id, stored_name)


@event.listens_for(TenantSession, "after_soft_rollback")
def _keep_files(session, previous_transaction):
    """A rolled-back delete keeps its files: all of them with the transaction, a savepoint's own with the savepoint."""
    if previous_transaction.parent is None:
        session.info.pop(_DOOMED, None)
    elif (mark := _SAVEPOINT_MARKS.pop(previous_transaction, None)) is not None:
        del session.info.get(_DOOMED, [])[mark:]


@event.listens_for(TenantSession, "after_soft_rollback")
def _drop_uncommitted_files(session, previous_transaction):
    """Files stored for rows that were never committed go with the whole transaction (not a savepoint's rollback).

    The soft event fires even when the transaction had not touched the database yet.
    """
    if previous_transaction.parent is None and not previous_transaction.nested:
        for tenant_id, stored_name in session.info.pop(_FRESH, []):
            remove_file(tenant_id, stored_name)
