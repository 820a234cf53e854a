"""The SDK's stored uploads (customer attachments and plugins' share them): kept only when their row commits."""
import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from marshmallow import ValidationError
from werkzeug.exceptions import NotFound, RequestEntityTooLarge

from crm_platform.attachments.storage import attachment_path
from crm_platform.extensions import db
from crm_platform.models import Customer
from crm_platform.sdk import StoredFile, forget_stored_file, send_stored_file, store_upload
from crm_platform.tenancy import tenant_scope
from crm_platform.testing.world import WORLD_STORED_NAME

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="report.pdf", data=PDF):
    return FileStorage(io.BytesIO(data), name)


@pytest.fixture
def app_config(app_config, tmp_path):
    """Files in this test's folder, a 0.01 MB cap."""
    return {**app_config, "CRM_ATTACHMENT_DIR": str(tmp_path / "files"), "CRM_ATTACHMENT_MAX_MB": 0.01}


def test_a_stored_upload_goes_if_its_transaction_rolls_back_and_stays_once_committed(app, world):
    with app.test_request_context(), tenant_scope(world.acme.id):
        stored = store_upload(pdf("C:\\scans\\report.pdf"))
        assert stored == StoredFile("report.pdf", "application/pdf", len(PDF), stored.stored_name)
        path = attachment_path(world.acme.id, stored.stored_name)
        assert path.read_bytes() == PDF
        db.session.rollback()
        assert not path.exists()
        kept = attachment_path(world.acme.id, store_upload(pdf()).stored_name)
        db.session.scalar(select(Customer.id).limit(1))
        db.session.commit()
        db.session.rollback()  # a later transaction's rollback leaves it alone
        assert kept.exists()


def test_a_savepoints_rollback_keeps_the_upload(app, world):
    with app.test_request_context(), tenant_scope(world.acme.id):
        path = attachment_path(world.acme.id, store_upload(pdf()).stored_name)
        with db.session.begin_nested() as savepoint:
            savepoint.rollback()
        assert path.exists()


def test_a_forgotten_file_goes_when_the_delete_commits(app, world):
    with app.test_request_context(), tenant_scope(world.acme.id):
        stored = store_upload(pdf())
        db.session.commit()
        path = attachment_path(world.acme.id, stored.stored_name)
        forget_stored_file(stored.stored_name)
        db.session.rollback()
        assert path.exists()
        forget_stored_file(stored.stored_name)
        db.session.scalar(select(Customer.id).limit(1))
        db.session.commit()
        assert not path.exists()



def test_a_savepoints_rollback_keeps_the_outer_transactions_deletes_and_undoes_its_own(app, world):
    with app.test_request_context(), tenant_scope(world.acme.id):
        outer, inner = store_upload(pdf()), store_upload(pdf())
        db.session.commit()
        forget_stored_file(outer.stored_name)
        with db.session.begin_nested() as savepoint:  # e.g. a plugin's answer that raised
            forget_stored_file(inner.stored_name)
            db.session.scalar(select(Customer.id).limit(1))
            savepoint.rollback()
        db.session.commit()
        assert not attachment_path(world.acme.id, outer.stored_name).exists()
        assert attachment_path(world.acme.id, inner.stored_name).exists()


def test_a_released_savepoint_removes_nothing_before_the_transaction_commits(app, world):
    with app.test_request_context(), tenant_scope(world.acme.id):
        stored = store_upload(pdf())
        db.session.commit()
        path = attachment_path(world.acme.id, stored.stored_name)
        forget_stored_file(stored.stored_name)
        with db.session.begin_nested():
            db.session.scalar(select(Customer.id).limit(1))
        assert path.exists()
        db.session.rollback()
        assert path.exists()

def test_refused_uploads_store_nothing(app, world, tmp_path):
    with app.test_request_context(), tenant_scope(world.acme.id):
        with pytest.raises(ValidationError):
            store_upload(pdf(data=b"plain words, no PDF"))  # puremagic's guess from the name alone is not proof
        with pytest.raises(ValidationError):
            store_upload(None)
        with pytest.raises(RequestEntityTooLarge) as refused:
            store_upload(pdf(data=PDF + b"0" * 20000))
        assert "0.01 MB" in refused.value.description
        folder = tmp_path / "files" / str(world.acme.id)
        assert [path.name for path in folder.iterdir()] == [WORLD_STORED_NAME]  # the world's customer attachment


def test_a_stored_file_is_sent_as_a_download_and_a_missing_one_is_404(app, world):
    with app.test_request_context(), tenant_scope(world.acme.id):
        stored = store_upload(pdf())
        db.session.commit()
        response = send_stored_file(stored.stored_name, "报告.pdf", stored.content_type)
        response.direct_passthrough = False
        assert response.get_data() == PDF and response.headers["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response.headers["Content-Disposition"]
        with pytest.raises(NotFound):
            send_stored_file("f" * 32, "x.pdf", "application/pdf")
