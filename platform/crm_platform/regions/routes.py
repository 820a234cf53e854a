"""The sales regions page (admins): one line per region with its provinces."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from crm_platform.forms import field_errors
from crm_platform.regions import divisions
from crm_platform.regions.sales_regions import (
    parse_regions_text, region_names, regions_text, rename_sales_region, sales_regions, save_sales_regions,
)
from crm_platform.roles import permission_required
from crm_platform.workspace.settings import current_tenant

bp = Blueprint("regions", __name__, url_prefix="/admin/workspace/regions")


def _render(text, errors=None, status=200, rename=None):
    """The page with the regions as `text`, the provinces that may be named, and the rename form's input."""
    page = render_template("regions/sales_regions.html", text=text, errors=errors or {},
                           provinces=[name for _code, name in divisions.children()],
                           names=[(name, name) for name in region_names(current_tenant())],
                           rename=rename or {})
    return page, status


@bp.route("/", methods=["GET", "POST"])
@permission_required("workspace.manage")
def sales_regions_page():
    """Show and change the workspace's sales regions."""
    tenant = current_tenant()
    if request.method == "GET":
        return _render(regions_text(sales_regions(tenant)))
    text = request.form.get("sales_regions", "")
    try:
        changed = save_sales_regions(current_user, tenant, parse_regions_text(text))
    except ValidationError as err:
        return _render(text, field_errors(err), 422)
    flash(_("Sales regions saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for(".sales_regions_page"))


@bp.route("/rename", methods=["POST"])
@permission_required("workspace.manage")
def rename():
    """Rename a sales region, or merge it into another; its customers follow."""
    tenant = current_tenant()
    old, new = request.form.get("from", ""), request.form.get("to", "")
    try:
        moved = rename_sales_region(current_user, tenant, old, new)
    except ValidationError as err:
        return _render(regions_text(sales_regions(tenant)), field_errors(err), 422, request.form)
    flash(_("Region %(old)s is now %(new)s; %(count)d customers moved.", old=old, new=new.strip(), count=moved),
          "success")
    return redirect(url_for(".sales_regions_page"))
