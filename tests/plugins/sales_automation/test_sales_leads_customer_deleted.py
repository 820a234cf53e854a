"""A customer a lead became can be deleted: the lead keeps its record and forgets the customer (ON DELETE SET NULL).

The key is composite (tenant_id, customer_id); the databases' own SET NULL would null tenant_id too and refuse the
delete, so the core's ORM listener (crm_platform/models/references.py) nulls the key first.
"""
from sqlalchemy import select

from plugins.sales_automation.models import Lead


def test_deleting_the_customer_a_lead_became_keeps_the_lead(world, enable_plugin, api_client, tenant_session):
    enable_plugin("acme", "sales_automation")
    beta = world.acme.customers["n1_beta"]
    with tenant_session("acme") as session:
        lead = Lead(name="Li Lei", customer_id=beta.id, status="converted", owner_id=world.acme.users["admin"].id)
        session.add(lead)
        session.commit()
        lead_id = lead.id

    response = api_client("acme", "admin").delete(f"/api/v1/customers/{beta.id}")

    assert response.status_code == 204, response.get_data(as_text=True)
    with tenant_session("acme") as session:
        kept = session.scalar(select(Lead).where(Lead.id == lead_id))
        assert kept is not None and kept.customer_id is None and kept.tenant_id == world.acme.id
