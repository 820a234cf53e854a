"""Files of a plugin's rows that cascade from a deleted customer (crm_customer_stored_files) leave the disk on commit."""
import io
import logging

import pytest
from flask import current_app
from sqlalchemy import literal, select
from werkzeug.datastructures import FileStorage

from crm_platform import sdk
from crm_platform.attachments.storage import attachment_path
from crm_platform.extensions import db
from crm_platform.models import Customer
from crm_platform.tenancy import tenant_scope

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def plugin_files():
    """{customer id: stored name} of the test plugin's "rows" (what its hook names)."""
    return current_app.extensions.setdefault("plugin_files", {})


class FileKeeper:
    """Keeps one stored file per customer, as if on a row that cascades from it."""

    @sdk.hookimpl
    def crm_customer_stored_files(self, customer_ids):
        current_app.extensions.setdefault("stored_files_asked", []).append(sorted(customer_ids))
        return [select(literal(plugin_files()[cid])) for cid in customer_ids if cid in plugin_files()]


class BrokenFiles:
    """Cannot tell which files are its own."""

    @sdk.hookimpl
    def crm_customer_stored_files(self, customer_ids):
        raise RuntimeError("file lister exploded")


@pytest.fixture
def app_config(app_config, tmp_path):
    """Files in this test's folder."""
    return {**app_config, "CRM_ATTACHMENT_DIR": str(tmp_path / "files")}


def stored_for(app, world, customer_key):
    """Store a file of the plugin's for acme's customer `customer_key` (committed); its path."""
    with app.test_request_context(), tenant_scope(world.acme.id):
        stored = sdk.store_upload(FileStorage(io.BytesIO(PDF), "report.pdf"))
        db.session.commit()
        plugin_files()[world.acme.customers[customer_key].id] = stored.stored_name
        return attachment_path(world.acme.id, stored.stored_name)


@pytest.mark.app_config(CRM_PLUGINS={"filekeeper": FileKeeper(), "brokenfiles": BrokenFiles()})
def test_hook_crm_customer_stored_files(app, world, api_client, caplog):
    acme = world.acme
    alpha, beta = acme.customers["n1_alpha"].id, acme.customers["n1_beta"].id
    path = stored_for(app, world, "n1_alpha")
    # A delete that rolls back keeps the file: the rows are still there.
    with app.test_request_context(), tenant_scope(acme.id):
        db.session.delete(db.session.get(Customer, alpha))
        db.session.flush()
        db.session.rollback()
    assert path.exists()
    # Neither plugin is enabled in acme: a module that is off has its rows cascade all the same, so it is asked.
    with caplog.at_level(logging.ERROR):
        assert api_client("acme", "admin").delete(f"/api/v1/customers/{alpha}").status_code == 204
    assert not path.exists()
    assert [alpha] in app.extensions["stored_files_asked"]
    # The broken plugin is logged and skipped: the customer goes, the others' files with it.
    assert "plugin brokenfiles failed in crm_customer_stored_files" in caplog.text
    other = stored_for(app, world, "n1_beta")
    unrelated = stored_for(app, world, "n2")
    assert api_client("acme", "admin").delete(f"/api/v1/customers/{beta}").status_code == 204
    assert not other.exists() and unrelated.exists()
