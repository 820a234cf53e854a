"""The SLA API under /api/v1/service/: the policies, a ticket's clocks, and the figures per person or team."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, api_permission_required, current_user, utcnow

from plugins.service_support.blueprints import api_blueprint
from plugins.service_support.permissions import CONFIGURE
from plugins.service_support.sla import figures, policies
from plugins.service_support.sla.clock import clocks
from plugins.service_support.sla.schemas import (
    ServiceSlaClocksSchema, ServiceSlaFiguresQuerySchema, ServiceSlaFiguresSchema, ServiceSlaPolicyPageSchema,
    ServiceSlaPolicyQuerySchema, ServiceSlaPolicySchema,
)
from plugins.service_support.tickets.visibility import ticket_or_404

blp = api_blueprint("sla", __name__, "Service support: SLA policies, ticket clocks and response times")


@blp.route("/service/sla-policies")
class Policies(MethodView):
    """The workspace's SLA policies: everyone signed in reads them, `service.configure` writes them."""

    @api_login_required
    @blp.arguments(ServiceSlaPolicyQuerySchema, location="query")
    @blp.response(200, ServiceSlaPolicyPageSchema)
    def get(self, args):
        """List the policies by name."""
        items, next_cursor = policies.policy_page(args)
        return {"items": items, "next_cursor": next_cursor}

    @api_permission_required(CONFIGURE)
    @blp.arguments(ServiceSlaPolicySchema)
    @blp.response(201, ServiceSlaPolicySchema)
    def post(self, data):
        """Add a policy; a second active policy for the same priority and category is a 422."""
        return policies.save_policy(data)


@blp.route("/service/sla-policies/<int:policy_id>")
class PolicyItem(MethodView):
    """One SLA policy."""

    @api_login_required
    @blp.response(200, ServiceSlaPolicySchema)
    def get(self, policy_id):
        """Read a policy."""
        return policies.policy_or_404(policy_id)

    @api_permission_required(CONFIGURE)
    @blp.arguments(ServiceSlaPolicySchema(partial=True))
    @blp.response(200, ServiceSlaPolicySchema)
    def patch(self, data, policy_id):
        """Change a policy; tickets keep their due times until their priority or category changes."""
        return policies.save_policy(data, policies.policy_or_404(policy_id))

    @api_permission_required(CONFIGURE)
    @blp.response(204)
    def delete(self, policy_id):
        """Delete a policy; its tickets keep their due times."""
        policies.delete_policy(policies.policy_or_404(policy_id))


@blp.route("/service/sla/tickets/<int:ticket_id>")
class TicketClocks(MethodView):
    """A ticket's SLA clocks now."""

    @api_login_required
    @blp.response(200, ServiceSlaClocksSchema)
    def get(self, ticket_id):
        """Due times, business minutes left (negative once over) and state of the first response and resolution."""
        ticket = ticket_or_404(current_user, ticket_id)
        return {"ticket_id": ticket.id, "policy_id": ticket.sla_policy_id, "paused": ticket.paused_at is not None,
                "clocks": clocks(ticket, utcnow())}


@blp.route("/service/sla/figures")
class Figures(MethodView):
    """First-response and resolution times per person or team, over the tickets the caller may see."""

    @api_login_required
    @blp.arguments(ServiceSlaFiguresQuerySchema, location="query")
    @blp.response(200, ServiceSlaFiguresSchema)
    def get(self, args):
        """count, average, median (business minutes) and % within target, `by` person or team, `from`-`to` dates."""
        first, last = ServiceSlaFiguresQuerySchema().period(args)
        start, end = figures.period(first, last)
        rows = (figures.person_figures if args["by"] == "person" else figures.team_figures)(current_user, start, end)
        return {"by": args["by"], "start": first, "end": last, "items": rows}
