"""The API of what admins set up for leads: the assignees of the assignment rule and the public web forms."""
from flask.views import MethodView

from crm_platform.sdk import api_permission_required, current_user, db

from plugins.sales_automation.leads import assignment, web_forms
from plugins.sales_automation.leads.api import blp, refuse
from plugins.sales_automation.leads.schemas import SalesLeadAssigneeSchema, SalesLeadFormSchema
from plugins.sales_automation.leads.service import LeadError, check_owner
from plugins.sales_automation.models import LeadAssignee
from plugins.sales_automation.permissions import CONFIGURE


def check_form_owner(data):
    """Refuse (422) a default owner the caller may not give leads to."""
    if data.get("owner_id") is None:
        return
    try:
        check_owner(current_user, data["owner_id"])
    except LeadError as err:
        refuse(err, "owner_id")


@blp.route("/sales/lead-assignees")
class Assignees(MethodView):
    """The users who take new leads under the assignment rule."""

    decorators = [api_permission_required(CONFIGURE)]

    @blp.response(200, SalesLeadAssigneeSchema(many=True))
    def get(self):
        """List the assignees, by user name."""
        return [row for row, _ in assignment.assignees()]

    @blp.arguments(SalesLeadAssigneeSchema)
    @blp.response(201, SalesLeadAssigneeSchema)
    def post(self, data):
        """Add a user (for one region, or every region) to the assignees."""
        try:
            row = assignment.add_assignee(data["user_id"], data.get("region"))
        except assignment.AssigneeError as err:
            refuse(err, "user_id")
        db.session.commit()
        return row


@blp.route("/sales/lead-assignees/<int:assignee_id>")
class AssigneeItem(MethodView):
    """One assignee row."""

    decorators = [api_permission_required(CONFIGURE)]

    @blp.response(204)
    def delete(self, assignee_id):
        """Take a user (for one region) off the assignees."""
        assignment.remove_assignee(web_forms.row_or_404(LeadAssignee, assignee_id))
        db.session.commit()


@blp.route("/sales/lead-forms")
class Forms(MethodView):
    """The workspace's public web-to-lead forms."""

    decorators = [api_permission_required(CONFIGURE)]

    @blp.response(200, SalesLeadFormSchema(many=True))
    def get(self):
        """List the forms, newest first, with their public URLs."""
        return web_forms.forms()

    @blp.arguments(SalesLeadFormSchema)
    @blp.response(201, SalesLeadFormSchema)
    def post(self, data):
        """Create a form with a fresh unguessable token."""
        check_form_owner(data)
        form = web_forms.create_form(data)
        db.session.commit()
        return form


@blp.route("/sales/lead-forms/<int:form_id>")
class FormItem(MethodView):
    """One web form."""

    decorators = [api_permission_required(CONFIGURE)]

    @blp.response(200, SalesLeadFormSchema)
    def get(self, form_id):
        """Read a form."""
        return web_forms.form_or_404(form_id)

    @blp.arguments(SalesLeadFormSchema(partial=True))
    @blp.response(200, SalesLeadFormSchema)
    def patch(self, data, form_id):
        """Change a form (`active: false` deactivates it: its URL answers 404)."""
        form = web_forms.form_or_404(form_id)
        check_form_owner(data)
        web_forms.update_form(form, data)
        db.session.commit()
        return form


@blp.route("/sales/lead-forms/<int:form_id>/token", methods=["POST"])
@api_permission_required(CONFIGURE)
@blp.response(200, SalesLeadFormSchema)
def regenerate_token(form_id):
    """Give a form a new token; the old URL stops working."""
    form = web_forms.regenerate_token(web_forms.form_or_404(form_id))
    db.session.commit()
    return form
