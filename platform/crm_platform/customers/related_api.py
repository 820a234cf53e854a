"""API for what hangs off a customer: contacts, contact records (timeline), shares.

Each inherits its customer's visibility: the customer is looked up through the
visibility policy first, so a hidden customer's contacts are a 404 too. Changing
contacts and shares also needs the "manage" level (the service answers 403 to a
user who only sees the customer, e.g. through a share); logging a contact record
needs only "see".
"""
from datetime import datetime

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import select

from crm_platform.api.auth import login_required
from crm_platform.api.pagination import keyset_page
from crm_platform.models import Activity, Contact, CustomerShare
from crm_platform.customers import service
from crm_platform.customers.schemas import (
    ActivityPageSchema, ActivitySchema, ContactPageSchema, ContactSchema, SharePageSchema, ShareSchema,
)
from crm_platform.schemas import QuerySchema
from crm_platform.visibility import customer_record_or_404, visible_customer_or_404

blp = Blueprint("customer_records_api", __name__, description="Contacts, contact records and shares of a customer")


def _records_page(model, customer_id, args, newest_first=False):
    """A cursor page of `model` rows of a customer the caller may see, in creation order."""
    customer = visible_customer_or_404(current_user, customer_id)
    stmt = select(model).where(model.customer_id == customer.id)
    # Ids are random (opaque_ids.py): creation time orders, the id breaks ties.
    items, cursor = keyset_page(stmt, [model.created_at, model.id], newest_first, args.get("cursor"), args["limit"],
                                types=[datetime, int])
    return {"items": items, "next_cursor": cursor}


@blp.route("/customers/<int:customer_id>/contacts")
class Contacts(MethodView):
    """The people at a customer."""

    decorators = [login_required]

    @blp.arguments(QuerySchema, location="query")
    @blp.response(200, ContactPageSchema)
    def get(self, args, customer_id):
        """List a customer's contacts."""
        return _records_page(Contact, customer_id, args)

    @blp.arguments(ContactSchema)
    @blp.response(201, ContactSchema)
    def post(self, data, customer_id):
        """Add a contact to a customer."""
        return service.save_contact(current_user, visible_customer_or_404(current_user, customer_id), data)


@blp.route("/customers/<int:customer_id>/contacts/<int:contact_id>")
class ContactItem(MethodView):
    """One contact at a customer."""

    decorators = [login_required]

    @blp.response(200, ContactSchema)
    def get(self, customer_id, contact_id):
        """Read a contact."""
        return customer_record_or_404(current_user, Contact, customer_id, contact_id)[1]

    @blp.arguments(ContactSchema(partial=True))
    @blp.response(200, ContactSchema)
    def patch(self, data, customer_id, contact_id):
        """Change a contact."""
        customer, contact = customer_record_or_404(current_user, Contact, customer_id, contact_id)
        return service.save_contact(current_user, customer, data, contact)

    @blp.response(204)
    def delete(self, customer_id, contact_id):
        """Delete a contact."""
        customer, contact = customer_record_or_404(current_user, Contact, customer_id, contact_id)
        service.delete_contact(current_user, customer, contact)


@blp.route("/customers/<int:customer_id>/activities")
class Activities(MethodView):
    """A customer's timeline of calls, visits, emails and meetings, newest first."""

    decorators = [login_required]

    @blp.arguments(QuerySchema, location="query")
    @blp.response(200, ActivityPageSchema)
    def get(self, args, customer_id):
        """List a customer's contact records, newest first."""
        return _records_page(Activity, customer_id, args, newest_first=True)

    @blp.arguments(ActivitySchema)
    @blp.response(201, ActivitySchema)
    def post(self, data, customer_id):
        """Log a contact record against a customer."""
        return service.log_activity(current_user, visible_customer_or_404(current_user, customer_id), data)


@blp.route("/customers/<int:customer_id>/activities/<int:activity_id>")
class ActivityItem(MethodView):
    """One contact record."""

    decorators = [login_required]

    @blp.response(200, ActivitySchema)
    def get(self, customer_id, activity_id):
        """Read a contact record."""
        return customer_record_or_404(current_user, Activity, customer_id, activity_id)[1]

    @blp.arguments(ActivitySchema(partial=True))
    @blp.response(200, ActivitySchema)
    def patch(self, data, customer_id, activity_id):
        """Change a contact record (its author, or a manager)."""
        customer, activity = customer_record_or_404(current_user, Activity, customer_id, activity_id)
        return service.log_activity(current_user, customer, data, activity)

    @blp.response(204)
    def delete(self, customer_id, activity_id):
        """Delete a contact record (its author, or a manager)."""
        customer, activity = customer_record_or_404(current_user, Activity, customer_id, activity_id)
        service.delete_activity(current_user, customer, activity)


@blp.route("/customers/<int:customer_id>/shares")
class Shares(MethodView):
    """Users a customer is explicitly shared with."""

    decorators = [login_required]

    @blp.response(200, SharePageSchema)
    def get(self, customer_id):
        """List who a customer is shared with."""
        customer = visible_customer_or_404(current_user, customer_id)
        return {"items": customer.shares, "next_cursor": None}

    @blp.arguments(ShareSchema)
    @blp.response(201, ShareSchema)
    def post(self, data, customer_id):
        """Share a customer with a user."""
        customer = visible_customer_or_404(current_user, customer_id)
        return service.share_customer(current_user, customer, data["user_id"])


@blp.route("/customers/<int:customer_id>/shares/<int:user_id>", methods=["DELETE"])
@login_required
@blp.response(204)
def unshare(customer_id, user_id):
    """Stop sharing a customer with a user."""
    customer, share = customer_record_or_404(current_user, CustomerShare, customer_id, user_id, key="user_id")
    service.unshare_customer(current_user, customer, share)
