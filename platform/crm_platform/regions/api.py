"""API of divisions (for pickers) and of the workspace's sales regions (admins change them)."""
from flask import jsonify
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api.auth import login_required, permission_required
from crm_platform.regions import divisions
from crm_platform.regions.sales_regions import rename_sales_region, save_sales_regions, sales_regions
from crm_platform.regions.schemas import (
    DivisionListSchema, DivisionQuerySchema, RenameRegionSchema, RenameResultSchema, SalesRegionsSchema,
)
from crm_platform.workspace.settings import current_tenant

blp = Blueprint("regions_api", __name__, description="China's administrative divisions and sales regions")
# The division data changes only with a new release of the package.
DIVISIONS_MAX_AGE = 86400


@blp.route("/divisions")
@login_required
@blp.arguments(DivisionQuerySchema, location="query")
@blp.response(200, DivisionListSchema)
def list_divisions(args):
    """List provinces, a province's cities or a city's districts (an unknown parent has none)."""
    items = [{"code": code, "name": name} for code, name in divisions.children(args.get("parent"))]
    response = jsonify(DivisionListSchema().dump({"items": items}))
    response.cache_control.private = True
    response.cache_control.max_age = DIVISIONS_MAX_AGE
    return response


@blp.route("/workspace/sales-regions")
class SalesRegions(MethodView):
    """The workspace's sales regions."""

    @login_required
    @blp.response(200, SalesRegionsSchema)
    def get(self):
        """Read the sales regions and their provinces."""
        return {"sales_regions": sales_regions(current_tenant())}

    @permission_required("workspace.manage")
    @blp.arguments(SalesRegionsSchema)
    @blp.response(200, SalesRegionsSchema)
    def put(self, data):
        """Replace the sales regions (audited); a region customers still have cannot be removed."""
        tenant = current_tenant()
        save_sales_regions(current_user, tenant, data["sales_regions"])
        return {"sales_regions": sales_regions(tenant)}


@blp.route("/workspace/sales-regions/rename", methods=["POST"])
@permission_required("workspace.manage")
@blp.arguments(RenameRegionSchema)
@blp.response(200, RenameResultSchema)
def rename_region(data):
    """Rename a sales region, or merge it into an existing one; its customers and provinces follow (audited)."""
    tenant = current_tenant()
    moved = rename_sales_region(current_user, tenant, data["from_"], data["to"])
    return {"sales_regions": sales_regions(tenant), "customers_moved": moved}
