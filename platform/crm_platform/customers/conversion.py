"""Customers and contacts made from a plugin's records (a lead converted), inside the plugin's own transaction.

They go through the same validation, owner rules, duplicate keys, custom fields
and audit as the customer form, but nothing is committed: the plugin commits its
own rows and the customer together, then announces the customer so that every
module hears of it as it would of one made on the form.
"""
from crm_platform.customers import service
from crm_platform.customers.duplicate_check import duplicate_matches
from crm_platform.customers.schemas import ContactSchema, CustomerSchema
from crm_platform.customers.standard_fields import SOURCE_LABELS
from crm_platform.modules.events import emit
from crm_platform.regions.sales_regions import region_names
from crm_platform.workspace.settings import current_tenant


def customer_duplicates(user, values):
    """[{"id", "name", "fields", "visible"}] of customers sharing `values`' email, phone, name or credit code.

    "id" and "name" are None for a customer `user` may not see: it is reported
    without revealing anything about it.
    """
    return duplicate_matches(user, values)


def add_customer(actor, values):
    """A customer from `values` (validated like the API's input), flushed, not committed; the owner defaults to `actor`.

    Raises marshmallow's ValidationError for bad values or an owner `actor` may not assign.
    """
    data = CustomerSchema().load(values)
    data.pop("allow_duplicate", None)
    return service.stage_customer(actor, data)


def add_contact(actor, customer, values):
    """A contact of `customer` from `values` (validated like the API's input), flushed, not committed.

    Needs the right to manage the customer (Forbidden otherwise).
    """
    return service.stage_contact(actor, customer, ContactSchema().load(values))


def announce_customer_created(customer):
    """Tell the workspace's modules about a customer made with add_customer, once it is committed."""
    emit("crm_customer_created", customer=customer)


def customer_sources():
    """{key: label} of the sources a customer may come from (the customer's `source` field)."""
    return dict(SOURCE_LABELS)


def sales_region_names():
    """The names of the current workspace's sales regions, in its order."""
    return region_names(current_tenant())
