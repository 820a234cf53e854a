"""The checks a task's values pass past its schema: catalogue keys, region, customer, time window.

Each check returns {field: [message]} so that every problem is reported at once;
`check_task` raises marshmallow's ValidationError with them all (422 in the API,
the form's field errors on pages).
"""
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import Customer, can_see_customer, db, gettext as _, sales_region_names

from plugins.task_dispatch.models import CatalogueItem


def catalogue_keys(kind):
    """The keys of the workspace's catalogue items of `kind` ("skill" or "resource") that are not archived."""
    return set(db.session.scalars(select(CatalogueItem.key).where(CatalogueItem.kind == kind,
                                                                  CatalogueItem.archived.is_(False))))


def _catalogue_errors(kind, keys, unknown, twice):
    """Problems with `keys` of the catalogue's `kind`: `unknown(keys listed)` for missing or archived ones, `twice`."""
    missing = sorted(set(keys) - catalogue_keys(kind))
    if missing:
        return [unknown(", ".join(missing))]
    if len(set(keys)) != len(keys):
        return [twice]
    return []


def _region_errors(region):
    """A region must be one of the workspace's sales regions when it has any."""
    names = sales_region_names()
    if region is not None and names and region not in names:
        return [_("Not a sales region of this workspace: %(region)s.", region=region)]
    return []


def _customer_errors(actor, customer_id):
    """The customer must exist here and, for a person, be one they may see (a module's request has no actor)."""
    if customer_id is None:
        return []
    if actor is None:
        found = db.session.scalar(select(Customer.id).where(Customer.id == customer_id)) is not None
    else:
        found = can_see_customer(actor, customer_id)
    return [] if found else [_("No such customer.")]


def check_task(actor, values):
    """Raise ValidationError with every problem of a task's merged `values` (a dict of its columns)."""
    errors = {
        "required_skills": _catalogue_errors(
            "skill", [need["skill"] for need in values.get("required_skills") or []],
            lambda keys: _("Not a skill of the catalogue: %(keys)s.", keys=keys), _("Name each skill once.")),
        "required_resources": _catalogue_errors(
            "resource", values.get("required_resources") or [],
            lambda keys: _("Not a resource of the catalogue: %(keys)s.", keys=keys), _("Name each resource once.")),
        "region": _region_errors(values.get("region")),
        "customer_id": _customer_errors(actor, values.get("customer_id")),
    }
    start, due = values.get("earliest_start"), values.get("due")
    if start is not None and due is not None and due <= start:
        errors["due"] = [_("The due time must come after the earliest start.")]
    errors = {key: messages for key, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


def customer_region(customer_id):
    """The sales region of customer `customer_id` (None without one)."""
    if customer_id is None:
        return None
    return db.session.scalar(select(Customer.region).where(Customer.id == customer_id))
