"""Converting a lead into a customer, a contact and an opportunity, in one transaction.

Before a customer is made, the core's duplicate keys (credit code, email, phone,
name) find the customers the lead would duplicate. The user may link the lead to
one they may see instead; a duplicate they may not see is reported without its
details. Nothing is written unless everything is: any refusal rolls back.
"""
from sqlalchemy import select

from crm_platform.sdk import (
    Customer, add_contact, add_customer, announce_customer_created, customer_criterion, customer_duplicates,
    customer_sources, db, lazy_gettext as _l, sales_region_names, utcnow,
)

from plugins.sales_automation.pipelines.service import create_opportunity
from plugins.sales_automation.todos.service import lead_converted

CONVERTIBLE = ("working", "qualified")


class ConversionError(ValueError):
    """A conversion refused as asked (wrong status, an unknown customer to link to); `field` names the input."""

    def __init__(self, message, field="_schema"):
        super().__init__(message)
        self.field = field


class DuplicatesFound(ConversionError):
    """Customers share the lead's keys: link to one, or create anyway; `matches` as customer_duplicates gives them."""

    def __init__(self, matches):
        super().__init__(_l("Existing customers have the same email, phone or name as this lead."))
        self.matches = matches


def customer_values(lead, owner_id):
    """The new customer's field values from the lead (its region and source only where the customer has them)."""
    values = {"name": lead.company or lead.name, "kind": "company" if lead.company else "person",
              "email": lead.email, "phone": lead.phone, "owner_id": owner_id,
              "notes": lead.notes}
    if lead.region in sales_region_names():
        values["region"] = lead.region
    if lead.source in customer_sources():
        values["source"] = lead.source
    return {key: value for key, value in values.items() if value is not None}


def duplicates_of(user, lead):
    """The customers the lead would duplicate (see customer_duplicates), the visible ones with their ids and names."""
    return customer_duplicates(user, {"name": lead.company or lead.name, "email": lead.email, "phone": lead.phone})


def _linked_customer(user, customer_id):
    """The customer `user` may see with this id; else the same refusal as a missing one."""
    customer = db.session.scalar(select(Customer).where(Customer.id == customer_id, customer_criterion(user)))
    if customer is None:
        raise ConversionError(_l("No customer you may see has this id."), "customer_id")
    return customer


def convert_lead(user, lead, customer_id=None, allow_duplicate=False, contact=True, opportunity=None):
    """Convert `lead` (working or qualified) and commit; returns the customer, linked or new.

    `customer_id` links to an existing customer `user` may see; otherwise a new
    customer is made, refused with DuplicatesFound unless `allow_duplicate`.
    `contact` adds the lead's person as a contact; `opportunity` ({"name",
    "amount", "expected_close", "pipeline_id"}) opens one in its pipeline's first
    stage. Raises ConversionError, DuplicatesFound, marshmallow's ValidationError
    or Forbidden, having written nothing.
    """
    try:
        customer, created = _convert(user, lead, customer_id, allow_duplicate, contact, opportunity)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    if created:
        announce_customer_created(customer)
    return customer


def _convert(user, lead, customer_id, allow_duplicate, contact, opportunity):
    """convert_lead's writes, flushed and not committed: (the customer, whether it was created)."""
    if lead.status not in CONVERTIBLE:
        raise ConversionError(_l("Only a lead being worked on or qualified can be converted."))
    owner_id = lead.owner_id or user.id
    created = customer_id is None
    if created:
        matches = duplicates_of(user, lead)
        if matches and not allow_duplicate:
            raise DuplicatesFound(matches)
        customer = add_customer(user, customer_values(lead, owner_id))
    else:
        customer = _linked_customer(user, customer_id)
    person = None
    if contact:
        person = add_contact(user, customer, {key: value for key, value in
                                              (("name", lead.name), ("title", lead.title), ("phone", lead.phone),
                                               ("email", lead.email)) if value})
    deal = None
    if opportunity:
        deal = create_opportunity(
            name=opportunity.get("name") or lead.company or lead.name, customer_id=customer.id, owner_id=owner_id,
            actor_id=user.id, amount=opportunity.get("amount") or 0, expected_close=opportunity.get("expected_close"),
            source=lead.source, lead_id=lead.id, pipeline_id=opportunity.get("pipeline_id"),
            contact_id=person.id if person else None)
    lead.customer_id, lead.contact_id = customer.id, person.id if person else None
    lead.opportunity_id, lead.converted_at, lead.status = deal.id if deal else None, utcnow(), "converted"
    # The lead's open follow-ups now also belong to the customer's file.
    lead_converted(lead.id, customer.id)
    db.session.flush()
    return customer, created
