"""API of the rules feature, under /api/v1/insights/rules: the effective rules, and changing them."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, api_permission_required, lazy_gettext as _l

from plugins.customer_insights.blueprints import api_blueprint
from plugins.customer_insights.permissions import CONFIGURE
from plugins.customer_insights.rules import service
from plugins.customer_insights.rules.schemas import InsightsRulesChangeSchema, InsightsRulesSchema

blp = api_blueprint("rules", __name__, _l("Customer insights: the rules of classes, segments, layers and strategies"))


@blp.route("/insights/rules")
class Rules(MethodView):
    """The module's rules in this workspace."""

    @api_login_required
    @blp.response(200, InsightsRulesSchema)
    def get(self):
        """Read the effective rules: values, segment rules parsed, layers in order, strategies with defaults."""
        return service.effective()

    @api_permission_required(CONFIGURE)
    @blp.arguments(InsightsRulesChangeSchema)
    @blp.response(200, InsightsRulesSchema)
    def put(self, data):
        """Change some rules (the others keep their values); 422 with a message per refused field."""
        service.change(data)
        return service.effective()
