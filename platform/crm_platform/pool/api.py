"""Customer pool API: list a caller's pools, claim, assign, and move a customer to the pool."""
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import allowed_first, login_required
from crm_platform.api.row_dump import dumped_response
from crm_platform.customers.list_rows import customer_rows
from crm_platform.customers.queries import count_customers
from crm_platform.customers.api import LIST_QUERY
from crm_platform.customers.schemas import CountSchema, CustomerSchema
from crm_platform.pool import job  # noqa: F401  (registers the customer_pool kind and its daily schedule)
from crm_platform.pool import service
from crm_platform.pool.schemas import ClaimsSchema, PoolAssignSchema, PoolCustomerSchema, PoolPageSchema
from crm_platform.visibility import visible_customer_or_404
from crm_platform.workspace.settings import current_tenant, get_setting

blp = Blueprint("pool_api", __name__, description="The customer pool (公海): pooled customers, claims, assignments")


@blp.route("/pool")
@login_required
@blp.arguments(LIST_QUERY, location="query")
@blp.response(200, PoolPageSchema)
def pool(args):
    """List the pooled customers of the pools the caller is a member of (org_unit_id: the pools' units)."""
    items, next_cursor = customer_rows(current_user, args, PoolCustomerSchema, pool=True)
    return dumped_response({"items": items, "next_cursor": next_cursor})  # dumped already (customers/list_rows.py)


@blp.route("/pool/count")
@login_required
@blp.arguments(LIST_QUERY, location="query")
@blp.response(200, CountSchema)
def pool_count(args):
    """Count the pooled customers the caller may see that match the filters."""
    return {"count": count_customers(current_user, args, pool=True)}


@blp.route("/pool/claims")
@login_required
@blp.response(200, ClaimsSchema)
def claims():
    """The caller's claims today and how many are left."""
    limit = int(get_setting(current_tenant(), "pool_claim_limit"))
    claimed = service.claims_today(current_user)
    return {"limit": limit, "claimed_today": claimed, "left": max(0, limit - claimed)}


@blp.route("/pool/<int:customer_id>/claim", methods=["POST"])
@login_required
@blp.response(200, CustomerSchema)
def claim(customer_id):
    """Claim a customer of the caller's pool (409 past the daily limit or when it is no longer pooled)."""
    return service.claim(current_user, visible_customer_or_404(current_user, customer_id))


@blp.route("/pool/<int:customer_id>/assign", methods=["POST"])
@login_required
# A hidden customer is missing (404), as on every customer route, before the body is read.
@allowed_first(lambda customer_id: service.require_assigner(
    current_user, visible_customer_or_404(current_user, customer_id)), into="customer")
@blp.arguments(PoolAssignSchema)
@blp.response(200, CustomerSchema)
def assign(data, customer_id, customer):
    """Give a pooled customer to a user the caller may assign customers to (managers, executives, admins)."""
    return service.assign(current_user, customer, data["owner_id"])


@blp.route("/customers/<int:customer_id>/pool", methods=["POST"])
@login_required
@blp.response(200, PoolCustomerSchema)
def move_to_pool(customer_id):
    """Move a customer the caller may manage and reassign to its pool."""
    return service.move_to_pool(current_user, visible_customer_or_404(current_user, customer_id))
