"""The leads API under /api/v1/sales/ (documented in the OpenAPI document).

Errors are the API's JSON errors: 404 for a lead that is missing, another
workspace's or not visible; 422 for a refused change, with a message and fields.
"""
from flask import jsonify
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import api_login_required, current_user, db, gettext as _

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.leads import conversion, service
from plugins.sales_automation.leads.schemas import (
    SalesLeadConvertSchema, SalesLeadDisqualifySchema, SalesLeadDuplicatesSchema, SalesLeadPageSchema,
    SalesLeadQuerySchema, SalesLeadSchema,
)
from plugins.sales_automation.pipelines.service import StageError

blp = api_blueprint("leads", __name__, "Sales automation: leads")


def refuse(error, field="_schema", status=422):
    """Abort with the API's JSON error for a refused change."""
    abort(status, message=str(error), messages={"json": {field: [str(error)]}})


def duplicates_response(error):
    """409: the customers the conversion would duplicate (those the caller may not see without id or name)."""
    body = {"error": {"message": str(error), "fields": {},
                      "duplicates": SalesLeadDuplicatesSchema().dump({"items": error.matches})["items"]}}
    response = jsonify(body)
    response.status_code = 409
    return response


@blp.route("/sales/leads")
class Leads(MethodView):
    """The leads the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesLeadQuerySchema, location="query")
    @blp.response(200, SalesLeadPageSchema)
    def get(self, args):
        """List leads, newest first, filtered by status, owner, source, region and words (`q`)."""
        items, next_cursor = service.lead_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @blp.arguments(SalesLeadSchema)
    @blp.response(201, SalesLeadSchema)
    def post(self, data):
        """Create a lead; without an owner, the assignment rule (else the caller) gives one."""
        if data.get("owner_id") is not None:
            try:
                service.check_owner(current_user, data["owner_id"])
            except service.LeadError as err:
                refuse(err, "owner_id")
        lead = service.create_lead(data, actor_id=current_user.id, fallback_owner_id=current_user.id)
        db.session.commit()
        return lead


@blp.route("/sales/leads/<int:lead_id>")
class LeadItem(MethodView):
    """One lead the caller may see."""

    decorators = [api_login_required]

    @blp.response(200, SalesLeadSchema)
    def get(self, lead_id):
        """Read a lead."""
        return service.lead_or_404(current_user, lead_id)

    @blp.arguments(SalesLeadSchema(partial=True))
    @blp.response(200, SalesLeadSchema)
    def patch(self, data, lead_id):
        """Change a lead's fields (its status changes through its actions)."""
        lead = service.lead_or_404(current_user, lead_id)
        try:
            service.update_lead(current_user, lead, data)
        except service.LeadError as err:
            refuse(err, "owner_id" if "owner_id" in data and lead.status != "converted" else "_schema")
        db.session.commit()
        return lead

    @blp.response(204)
    def delete(self, lead_id):
        """Delete a lead (what a conversion made stays)."""
        service.delete_lead(service.lead_or_404(current_user, lead_id))
        db.session.commit()


def _move(lead_id, status, reason=None):
    """Move a visible lead to `status` and commit; a refused move is a 422 on `reason` or the whole request."""
    lead = service.lead_or_404(current_user, lead_id)
    try:
        service.move_lead(lead, status, reason)
    except service.LeadError as err:
        refuse(err, "reason" if status == "disqualified" and lead.status in service.MOVES[status] else "_schema")
    db.session.commit()
    return lead


@blp.route("/sales/leads/<int:lead_id>/work", methods=["POST"])
@api_login_required
@blp.response(200, SalesLeadSchema)
def work(lead_id):
    """Start working on a new lead."""
    return _move(lead_id, "working")


@blp.route("/sales/leads/<int:lead_id>/qualify", methods=["POST"])
@api_login_required
@blp.response(200, SalesLeadSchema)
def qualify(lead_id):
    """Qualify a new or worked lead."""
    return _move(lead_id, "qualified")


@blp.route("/sales/leads/<int:lead_id>/disqualify", methods=["POST"])
@api_login_required
@blp.arguments(SalesLeadDisqualifySchema)
@blp.response(200, SalesLeadSchema)
def disqualify(data, lead_id):
    """Disqualify an open lead, saying why."""
    return _move(lead_id, "disqualified", data["reason"])


@blp.route("/sales/leads/<int:lead_id>/duplicates")
@api_login_required
@blp.response(200, SalesLeadDuplicatesSchema)
def duplicates(lead_id):
    """The customers converting the lead would duplicate (by credit code, email, phone or name)."""
    return {"items": conversion.duplicates_of(current_user, service.lead_or_404(current_user, lead_id))}


@blp.route("/sales/leads/<int:lead_id>/convert", methods=["POST"])
@api_login_required
@blp.arguments(SalesLeadConvertSchema)
@blp.response(200, SalesLeadSchema)
def convert(data, lead_id):
    """Convert a lead into a customer (or link it to one), a contact and maybe an opportunity; 409 on duplicates."""
    lead = service.lead_or_404(current_user, lead_id)
    try:
        conversion.convert_lead(current_user, lead, customer_id=data.get("customer_id"),
                                allow_duplicate=data["allow_duplicate"], contact=data["contact"],
                                opportunity=data.get("opportunity"))
    except conversion.DuplicatesFound as err:
        return duplicates_response(err)
    except conversion.ConversionError as err:
        refuse(err, err.field)
    except StageError as err:
        refuse(err, "opportunity")
    except ValidationError as err:
        abort(422, message=_("The lead cannot become a customer as it is; correct it first."),
              messages={"json": err.normalized_messages()})
    except Forbidden:
        refuse(_("You may not add contacts to this customer."), "customer_id", status=403)
    return lead


# The assignees' and web forms' routes live on this blueprint too (one feature, one API blueprint).
from plugins.sales_automation.leads import setup_api  # noqa: E402,F401
