"""A deleted customer's tickets go by cascade, and their files leave the disk once the delete commits."""
from service_kit import make_ticket
from service_tickets_kit import upload

from crm_platform.attachments.storage import attachment_path
from crm_platform.extensions import db
from crm_platform.models import Customer
from crm_platform.tenancy import tenant_scope
from plugins.service_support.models import TicketAttachment


def ticket_files(app, world, tenant_session, ticket_id):
    """The paths of the ticket's stored files."""
    with tenant_session("acme") as session:
        names = session.scalars(TicketAttachment.__table__.select().with_only_columns(TicketAttachment.stored_name)
                                .where(TicketAttachment.ticket_id == ticket_id)).all()
    with app.app_context():
        return [attachment_path(world.acme.id, name) for name in names]


def test_a_deleted_customers_ticket_files_go_after_the_commit_and_stay_on_a_rollback(service, app, tenant_session,
                                                                                     api_client, enable_plugin):
    doomed = make_ticket(service, tenant_session, customer="n1_alpha")
    kept = make_ticket(service, tenant_session, customer="n2")
    admin = api_client("acme", "admin")
    for ticket_id in (doomed, doomed, kept):
        assert upload(admin, ticket_id).status_code == 201
    doomed_files, kept_files = (ticket_files(app, service, tenant_session, t) for t in (doomed, kept))
    assert len(doomed_files) == 2 and all(path.exists() for path in doomed_files + kept_files)
    alpha = service.acme.customers["n1_alpha"].id
    with app.test_request_context(), tenant_scope(service.acme.id):
        db.session.delete(db.session.get(Customer, alpha))
        db.session.flush()  # the tickets and their attachment rows are gone in this transaction ...
        db.session.rollback()  # ... and back
    assert all(path.exists() for path in doomed_files)
    # The module switched off in the meantime: its tickets still cascade, so their files go all the same.
    enable_plugin("acme", "service_support", enabled=False)
    assert admin.delete(f"/api/v1/customers/{alpha}").status_code == 204
    assert not any(path.exists() for path in doomed_files)
    assert all(path.exists() for path in kept_files)


def test_a_merged_duplicates_ticket_files_stay_with_the_ticket(service, app, tenant_session, api_client):
    ticket_id = make_ticket(service, tenant_session, customer="n1_beta")
    admin = api_client("acme", "admin")
    assert upload(admin, ticket_id).status_code == 201
    (path,) = ticket_files(app, service, tenant_session, ticket_id)
    kept, merged = service.acme.customers["n1_alpha"].id, service.acme.customers["n1_beta"].id
    assert admin.post(f"/api/v1/customers/{kept}/merge", json={"merge_id": merged}).status_code == 200
    assert path.exists()
    assert admin.get(f"/api/v1/service/tickets/{ticket_id}/attachments").json["items"]
