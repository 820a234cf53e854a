"""Attachment pages: the upload form and list live on the customer file; these views handle them."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from crm_platform.api.auth import protect_cookie_writes
from crm_platform.attachments import bp, service, uploads
from crm_platform.attachments.download import send_attachment
from crm_platform.customers.forms import ACTIVITY_LABELS, KIND_LABELS, LEVEL_LABELS, SORT_LABELS, STATUS_LABELS
from crm_platform.customers.routes import render_detail, user_choices
from crm_platform.extensions import csrf, db
from crm_platform.forms import field_errors
from crm_platform.models import CustomerAttachment
from crm_platform.visibility import customer_record_or_404, visible_customer_or_404


@bp.context_processor
def _customer_labels():
    """What the customer file needs when a refused upload shows it again (the customers blueprint's labels)."""
    return {"kind_labels": KIND_LABELS, "status_labels": STATUS_LABELS, "level_labels": LEVEL_LABELS,
            "activity_labels": ACTIVITY_LABELS, "sort_labels": SORT_LABELS, "user_choices": user_choices}


@bp.app_template_global()
def customer_attachments(customer):
    """The attachments of a customer the page already shows (the customer file includes them)."""
    return service.attachments_of(customer)


@bp.route("/<int:customer_id>/attachments", methods=["POST"])
@csrf.exempt  # checked below, once the size limit is raised: the global check would read the body first
@login_required
def upload(customer_id):
    """Attach a file to a customer."""
    uploads.allow_large_body()
    customer = visible_customer_or_404(current_user, customer_id)
    try:
        protect_cookie_writes()
        service.require_manage(current_user, customer)
        attachment = service.add_attachment(current_user, customer, request.files.get("file"))
    except RequestEntityTooLarge:
        return render_detail(customer, "attachment", {}, {"file": uploads.too_large().description}, 413)
    except ValidationError as err:
        db.session.rollback()
        return render_detail(customer, "attachment", {}, field_errors(err), 422)
    flash(_("%(name)s attached.", name=attachment.name), "success")
    return redirect(url_for("customers.detail", customer_id=customer.id, _anchor="attachments"))


@bp.route("/<int:customer_id>/attachments/<int:attachment_id>")
@login_required
def download(customer_id, attachment_id):
    """Download an attachment of a customer the user may see."""
    return send_attachment(customer_record_or_404(current_user, CustomerAttachment, customer_id, attachment_id)[1])


@bp.route("/<int:customer_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete(customer_id, attachment_id):
    """Delete an attachment (who may manage the customer)."""
    customer, attachment = customer_record_or_404(current_user, CustomerAttachment, customer_id, attachment_id)
    name = attachment.name
    service.delete_attachment(current_user, customer, attachment)
    flash(_("%(name)s deleted.", name=name), "success")
    return redirect(url_for("customers.detail", customer_id=customer.id, _anchor="attachments"))
