"""The sales regions page (admins): one line per region with its provinces."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from crm_platform.forms import field_errors
from crm_platform.regions import divisions
from crm_platform.regions.sales_regions import parse_regions_text, regions_text, sales_regions, save_sales_regions
from crm_platform.roles import permission_required
from crm_platform.workspace.settings import current_tenant

bp = Blueprint("regions", __name__, url_prefix="/admin/workspace/regions")


def _render(text, errors=None, status=200):
    """The page with the regions as `text`, and the provinces that may be named."""
    page = render_template("regions/sales_regions.html", text=text, errors=errors or {},
                           provinces=[name for _code, name in divisions.children()])
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
