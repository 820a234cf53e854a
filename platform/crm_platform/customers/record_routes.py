"""Pages' forms for what hangs off a customer: contacts, contact records and shares.

Every record is looked up through its customer, which goes through the
visibility policy, and must belong to the customer in the URL; anything else
is the same 404 as a missing id. Changing contacts and shares also needs the
"manage" level (the service's 403 for a user who only sees the customer); logging
a contact record needs only "see". A refused small form re-renders the customer
file with the user's input and the errors next to the fields.
"""
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from crm_platform.custom_fields.forms import submitted
from crm_platform.customers import bp, service
from crm_platform.customers.forms import local_to_utc
from crm_platform.customers.routes import after_change, render_detail
from crm_platform.customers.schemas import ActivitySchema, ContactSchema, ShareSchema
from crm_platform.extensions import db
from crm_platform.forms import field_errors, form_input
from crm_platform.models import Activity, Contact, CustomerShare
from crm_platform.visibility import customer_record_or_404, visible_customer_or_404

CONTACT_FIELDS = ("name", "title", "phone", "email")
ACTIVITY_FIELDS = ("kind", "status", "occurred_at", "contact_id", "subject", "outcome", "next_step", "next_step_due_at")


def _contact_input():
    """The contact form as schema input, its custom fields included."""
    return {**form_input(request.form, CONTACT_FIELDS), "custom_fields": submitted("contact", request.form)}


@bp.route("/<int:customer_id>/contacts", methods=["POST"])
@login_required
def add_contact(customer_id):
    """Add a contact person to a customer."""
    customer = visible_customer_or_404(current_user, customer_id)
    service.require_manage(current_user, customer)
    try:
        data = ContactSchema().load(_contact_input())
        contact = service.save_contact(current_user, customer, data)
    except ValidationError as err:
        db.session.rollback()
        return render_detail(customer, "contact", request.form, field_errors(err), 422)
    return after_change(customer, _("Contact %(name)s added.", name=contact.name), "contacts")


@bp.route("/<int:customer_id>/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@login_required
def edit_contact(customer_id, contact_id):
    """Change a contact person's details."""
    customer, contact = customer_record_or_404(current_user, Contact, customer_id, contact_id)
    service.require_manage(current_user, customer)
    if request.method == "GET":
        return render_template("customers/contact_form.html", customer=customer, contact=contact,
                               values=ContactSchema().dump(contact), errors={})
    try:
        service.save_contact(current_user, customer, ContactSchema().load(_contact_input()), contact)
    except ValidationError as err:
        db.session.rollback()
        page = render_template("customers/contact_form.html", customer=customer, contact=contact,
                               values=request.form, errors=field_errors(err))
        return page, 422
    return after_change(customer, _("Contact %(name)s saved.", name=contact.name), "contacts")


@bp.route("/<int:customer_id>/contacts/<int:contact_id>/delete", methods=["POST"])
@login_required
def delete_contact(customer_id, contact_id):
    """Remove a contact person from a customer."""
    customer, contact = customer_record_or_404(current_user, Contact, customer_id, contact_id)
    name = contact.name
    service.delete_contact(current_user, customer, contact)
    return after_change(customer, _("Contact %(name)s deleted.", name=name), "contacts")


@bp.route("/<int:customer_id>/activities", methods=["POST"])
@login_required
def log_activity(customer_id):
    """Log a call, visit, email or meeting on a customer's timeline, or plan one (its "when" is then its due time)."""
    customer = visible_customer_or_404(current_user, customer_id)
    data = form_input(request.form, ACTIVITY_FIELDS)
    for key in ("occurred_at", "next_step_due_at"):
        if data.get(key):
            data[key] = local_to_utc(data[key])
    if data.get("status") == "planned":
        data["due_at"] = data.pop("occurred_at", None)
    try:
        service.log_activity(current_user, customer, ActivitySchema().load(data))
    except ValidationError as err:
        db.session.rollback()
        errors = field_errors(err)
        if "due_at" in errors:  # the form has one "when" field for both
            errors["occurred_at"] = errors.pop("due_at")
        return render_detail(customer, "activity", request.form, errors, 422)
    if data.get("status") == "planned":
        return after_change(customer, _("Activity planned."), "timeline")
    return after_change(customer, _("Contact record logged."), "timeline")


@bp.route("/<int:customer_id>/activities/<int:activity_id>/delete", methods=["POST"])
@login_required
def delete_activity(customer_id, activity_id):
    """Delete a contact record (its author, or a role that may delete customers)."""
    customer, activity = customer_record_or_404(current_user, Activity, customer_id, activity_id)
    service.delete_activity(current_user, customer, activity)
    return after_change(customer, _("Contact record deleted."), "timeline")


@bp.route("/<int:customer_id>/shares", methods=["POST"])
@login_required
def add_share(customer_id):
    """Let another user see a customer."""
    customer = visible_customer_or_404(current_user, customer_id)
    service.require_manage(current_user, customer)
    try:
        data = ShareSchema().load(form_input(request.form, ("user_id",)))
        share = service.share_customer(current_user, customer, data["user_id"])
    except ValidationError as err:
        db.session.rollback()
        return render_detail(customer, "share", request.form, field_errors(err), 422)
    return after_change(customer, _("Shared with %(name)s.", name=share.user.name), "shares")


@bp.route("/<int:customer_id>/shares/<int:user_id>/delete", methods=["GET", "POST"])
@login_required
def remove_share(customer_id, user_id):
    """Stop sharing a customer with a user, after a confirmation page."""
    customer, share = customer_record_or_404(current_user, CustomerShare, customer_id, user_id, key="user_id")
    if request.method == "GET":
        service.require_share_rights(current_user, customer)
        return render_template("customers/share_delete.html", customer=customer, share=share)
    name = share.user.name
    service.unshare_customer(current_user, customer, share)
    return after_change(customer, _("No longer shared with %(name)s.", name=name), "shares")
