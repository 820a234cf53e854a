"""The pages where admins set up leads: who takes new leads (the assignees) and the public web forms."""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import (
    User, current_user, db, field_errors, gettext as _, lazy_gettext as _l, page_permission_required,
    sales_region_names,
)

from plugins.sales_automation.leads import assignment, web_forms
from plugins.sales_automation.leads.schemas import SalesLeadAssigneeSchema, SalesLeadFormSchema
from plugins.sales_automation.leads.service import LeadError, check_owner
from plugins.sales_automation.leads.views import bp, owner_choices
from plugins.sales_automation.models import LeadAssignee
from plugins.sales_automation.permissions import CONFIGURE
from plugins.sales_automation.settings import settings

FORM_FIELDS = ("name", "source", "owner_id", "thank_you")
RULE_LABELS = {"none": _l("none (leads stay with whoever creates them)"), "round_robin": _l("round robin"),
               "region": _l("by sales region"), "fewest_open": _l("fewest open leads"),
               "dispatch": _l("task dispatch, else round robin")}


def active_users():
    """(id, name) of the workspace's active users."""
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name, User.id)).all()
    return [(str(user.id), user.name) for user in users]


@bp.route("/assignees", methods=["GET", "POST"])
@page_permission_required(CONFIGURE)
def assignees():
    """The users who take new leads under the workspace's rule; add one (for a region, or every region)."""
    values, errors = {}, {}
    if request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in ("user_id", "region")}
        try:
            data = SalesLeadAssigneeSchema().load({key: value for key, value in values.items() if value})
            assignment.add_assignee(data["user_id"], data.get("region"))
        except ValidationError as err:
            errors = field_errors(err)
        except assignment.AssigneeError as err:
            errors = {"user_id": str(err)}
        else:
            db.session.commit()
            flash(_("The user now takes new leads."), "success")
            return redirect(url_for(".assignees"))
    page = render_template("sales_automation/leads/assignees.html", rows=assignment.assignees(), values=values,
                           errors=errors, users=active_users(), regions=sales_region_names(),
                           rule_label=RULE_LABELS[settings()["lead_assignment"]])
    return page, 422 if errors else 200


@bp.route("/assignees/<int:assignee_id>/delete", methods=["POST"])
@page_permission_required(CONFIGURE)
def remove_assignee(assignee_id):
    """Take a user (for one region) off the assignees."""
    assignment.remove_assignee(web_forms.row_or_404(LeadAssignee, assignee_id))
    db.session.commit()
    flash(_("The user no longer takes new leads."), "success")
    return redirect(url_for(".assignees"))


@bp.route("/forms", methods=["GET", "POST"])
@page_permission_required(CONFIGURE)
def forms():
    """The workspace's web-to-lead forms, their public URLs and embedding snippets; create one."""
    values, errors = {"source": "website"}, {}
    if request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in FORM_FIELDS}
        try:
            data = SalesLeadFormSchema().load({k: v for k, v in values.items() if v})
            if data.get("owner_id") is not None:
                check_owner(current_user, data["owner_id"])
        except ValidationError as err:
            errors = field_errors(err)
        except LeadError as err:
            errors = {"owner_id": str(err)}
        else:
            web_forms.create_form(data)
            db.session.commit()
            flash(_("Web form created."), "success")
            return redirect(url_for(".forms"))
    page = render_template("sales_automation/leads/forms.html", forms=web_forms.forms(), values=values,
                           errors=errors, owners=owner_choices())
    return page, 422 if errors else 200


@bp.route("/forms/<int:form_id>/active", methods=["POST"])
@page_permission_required(CONFIGURE)
def set_form_active(form_id):
    """Deactivate a form (its URL answers 404) or activate it again."""
    form = web_forms.update_form(web_forms.form_or_404(form_id), {"active": request.form.get("active") == "1"})
    db.session.commit()
    flash(_("Web form activated.") if form.active else _("Web form deactivated."), "success")
    return redirect(url_for(".forms"))


@bp.route("/forms/<int:form_id>/token", methods=["POST"])
@page_permission_required(CONFIGURE)
def regenerate_token(form_id):
    """Give a form a new URL; the old one stops working."""
    web_forms.regenerate_token(web_forms.form_or_404(form_id))
    db.session.commit()
    flash(_("The form has a new URL; update the pages that embed it."), "success")
    return redirect(url_for(".forms"))
