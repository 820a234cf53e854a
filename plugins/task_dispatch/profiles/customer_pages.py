"""The customer page panel's forms: name a preferred or excluded person, take one off (on the profiles blueprint).

The rules are customer_people.py's, as for the API; both forms go back to the customer.
"""
from flask import flash, redirect, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict

from crm_platform.sdk import current_user, db, field_errors, gettext as _, page_login_required
from crm_platform.sdk import visible_customer_or_404

from plugins.task_dispatch.profiles import customer_people
from plugins.task_dispatch.profiles.schemas import DispatchCustomerPersonSchema
from plugins.task_dispatch.profiles.views import bp


def _back(customer):
    """Back to the customer's page, at the panel."""
    return redirect(url_for("customers.detail", customer_id=customer.id, _anchor="dispatch-people"))


@bp.route("/customers/<int:customer_id>/people", methods=["POST"])
@page_login_required
def add_customer_person(customer_id):
    """Name a preferred or excluded person for the customer."""
    customer = visible_customer_or_404(current_user, customer_id)
    data = {key: request.form.get(key, "") for key in ("user_id", "relation", "note")}
    try:
        row = customer_people.add_person(current_user, customer, DispatchCustomerPersonSchema().load(data))
    except ValidationError as err:
        db.session.rollback()
        flash(" ".join(field_errors(err).values()), "error")
    except Conflict as err:
        db.session.rollback()
        flash(err.description, "error")
    else:
        flash(_("%(name)s added to the customer's people.", name=customer_people.name_of(row.user_id)), "success")
    return _back(customer)


@bp.route("/customers/<int:customer_id>/people/<int:person_id>/delete", methods=["POST"])
@page_login_required
def remove_customer_person(customer_id, person_id):
    """Take a person off the customer's preferred or excluded people."""
    customer = visible_customer_or_404(current_user, customer_id)
    row = customer_people.person_or_404(customer, person_id)
    name = customer_people.name_of(row.user_id)
    customer_people.remove_person(current_user, customer, row)
    flash(_("%(name)s taken off the customer's people.", name=name), "success")
    return _back(customer)
