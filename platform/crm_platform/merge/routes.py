"""The merge page: choose the duplicate, see what moves, confirm.

GET without `merge_id` lists candidates (customers the user may manage whose
name, phone or email matches, or those matching a search); GET with one shows
what the merge would move; POST merges. Everything works without JavaScript.
"""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError
from sqlalchemy import or_, select

from crm_platform.audit.readable import label, moved_label
from crm_platform.customers.service import require_manage
from crm_platform.extensions import db
from crm_platform.forms import field_errors
from crm_platform.merge import bp
from crm_platform.merge.schemas import MergeSchema
from crm_platform.merge.service import merge_customers, preview
from crm_platform.models import Customer
from crm_platform.visibility import customer_manage_criterion, visible_customer_or_404

CANDIDATES = 50


def candidates(customer, q):
    """Customers the user may manage that may be `customer`'s duplicate: matching `q`, else its duplicate keys."""
    stmt = select(Customer).where(Customer.id != customer.id, customer_manage_criterion(current_user))
    if q:
        stmt = stmt.where(Customer.name.icontains(q, autoescape=True))
    else:
        keys = [getattr(Customer, f"{field}_key") == getattr(customer, f"{field}_key")
                for field in ("name", "phone", "email") if getattr(customer, f"{field}_key")]
        if not keys:
            return []
        stmt = stmt.where(or_(*keys))
    return db.session.scalars(stmt.order_by(Customer.name, Customer.id).limit(CANDIDATES)).all()


@bp.route("/<int:customer_id>/merge", methods=["GET", "POST"])
@login_required
def merge(customer_id):
    """Merge another customer into this one, after a confirmation showing what moves."""
    kept = visible_customer_or_404(current_user, customer_id)
    require_manage(current_user, kept)
    source = request.form if request.method == "POST" else request.args
    if not source.get("merge_id"):
        q = request.args.get("q", "").strip()
        return render_template("merge/choose.html", customer=kept, q=q, candidates=candidates(kept, q))
    try:
        merge_id = MergeSchema().load({"merge_id": source["merge_id"]})["merge_id"]
    except ValidationError as err:
        return render_template("merge/choose.html", customer=kept, q="", candidates=candidates(kept, ""),
                               errors=field_errors(err)), 422
    merged = visible_customer_or_404(current_user, merge_id)
    if request.method == "GET":
        require_manage(current_user, merged)
        moves, filled = preview(kept, merged)
        return render_template("merge/confirm.html", customer=kept, merged=merged, moves=moves, filled=filled,
                               field_label=label, moved_label=moved_label)
    try:
        merge_customers(current_user, kept, merged)
    except ValidationError as err:
        db.session.rollback()
        return render_template("merge/choose.html", customer=kept, q="", candidates=candidates(kept, ""),
                               errors=field_errors(err)), 422
    flash(_("%(name)s was merged into this customer.", name=merged.name), "success")
    return redirect(url_for("customers.detail", customer_id=kept.id))
