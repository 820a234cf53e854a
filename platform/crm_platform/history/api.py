"""History API: a customer's audit entries with users, units and customers named."""
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import login_required
from crm_platform.audit.api import AuditEntrySchema
from crm_platform.audit.readable import readable_entries
from crm_platform.history.queries import history_page
from crm_platform.schemas import QuerySchema, page_schema
from crm_platform.visibility import visible_customer_or_404

blp = Blueprint("history_api", __name__, description="A customer's history, readable")


@blp.route("/customers/<int:customer_id>/history")
class CustomerHistory(MethodView):
    """Who changed what on a customer the caller may see."""

    decorators = [login_required]

    @blp.arguments(QuerySchema, location="query")
    @blp.response(200, page_schema(AuditEntrySchema, "HistoryPage"))
    def get(self, args, customer_id):
        """List a customer's history (its own entries and its contacts', shares' and files'), newest first."""
        customer = visible_customer_or_404(current_user, customer_id)
        entries, cursor = history_page(customer, args)
        return {"items": readable_entries(entries), "next_cursor": cursor}
