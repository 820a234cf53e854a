"""API of the ticket dispatch feature, under /api/v1/service/tickets/<id>/dispatch."""
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import fields

from crm_platform.sdk import BaseSchema, api_login_required, current_user

from plugins.service_support.blueprints import api_blueprint
from plugins.service_support.dispatch import service

blp = api_blueprint("dispatch", __name__, "Dispatching tickets through the task dispatch module.")


class ServiceDispatchSchema(BaseSchema):
    """Who a dispatched ticket went to."""

    ticket_id = fields.Int(dump_only=True)
    assignee_id = fields.Int(dump_only=True)
    assignee_name = fields.Str(dump_only=True)


@blp.route("/service/tickets/<int:ticket_id>/dispatch")
class Dispatch(MethodView):
    """Dispatching one ticket."""

    decorators = [api_login_required]

    @blp.response(200, ServiceDispatchSchema)
    @blp.alt_response(409, description="Nobody suitable was found, or the ticket is resolved or closed.")
    def post(self, ticket_id):
        """Give the ticket to whom task dispatch chooses (404 when the workspace has task dispatch off)."""
        try:
            ticket, chosen = service.dispatch_ticket(current_user, ticket_id)
        except service.DispatchRefused as refusal:
            abort(409, message=str(refusal))
        return {"ticket_id": ticket.id, "assignee_id": chosen.id, "assignee_name": chosen.name}
