"""Merge API: POST /customers/<kept>/merge {"merge_id": …}."""
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import login_required
from crm_platform.customers.schemas import CustomerSchema
from crm_platform.merge.schemas import MergeSchema
from crm_platform.merge.service import merge_customers
from crm_platform.visibility import visible_customer_or_404

blp = Blueprint("merge_api", __name__, description="Merging duplicate customers")


@blp.route("/customers/<int:customer_id>/merge", methods=["POST"])
@login_required
@blp.arguments(MergeSchema)
@blp.response(200, CustomerSchema)
def merge(data, customer_id):
    """Merge customer `merge_id` into this one (both managed by the caller); returns the kept customer."""
    kept = visible_customer_or_404(current_user, customer_id)
    merged = visible_customer_or_404(current_user, data["merge_id"])
    return merge_customers(current_user, kept, merged)
