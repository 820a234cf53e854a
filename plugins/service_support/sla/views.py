"""The SLA settings pages under /service/sla: the policies (list, add, change, delete) and the calendar's links."""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import field_errors, gettext as _, page_permission_required

from plugins.service_support.blueprints import page_blueprint
from plugins.service_support.permissions import CONFIGURE
from plugins.service_support.sla import labels, policies
from plugins.service_support.sla.schemas import ServiceSlaPolicySchema

bp = page_blueprint("sla", __name__)

FIELDS = ("name", "priority", "category", "first_response_minutes", "resolution_minutes", "warn_before_minutes",
          "escalation", "reassign_to_id")
OPTIONAL = ("priority", "category", "reassign_to_id")


@bp.app_template_global("service_sla_labels")
def sla_labels():
    """The labels module, for the SLA templates and partials."""
    return labels


@bp.route("/")
@page_permission_required(CONFIGURE)
def index():
    """The SLA policies, most specific first, with how one is chosen and links to the working calendar."""
    return render_template("service_support/sla/index.html", policies=policies.policies(),
                           users=dict(policies.reassignees()))


def _form_values():
    """The posted form as the schema reads it: "any" is None, the checkbox a boolean."""
    values = {key: request.form.get(key, "").strip() for key in FIELDS}
    data = {key: value for key, value in values.items() if value != "" or key not in OPTIONAL}
    data.update({key: None for key in OPTIONAL if values[key] == ""})
    data["active"] = request.form.get("active") == "on"
    return values | {"active": data["active"]}, data


def form_page(policy=None):
    """Show and save the policy form: new, or for `policy`."""
    values = {key: getattr(policy, key) for key in (*FIELDS, "active")} if policy else {
        "warn_before_minutes": 60, "escalation": "notify_manager", "active": True}
    errors = {}
    if request.method == "POST":
        values, data = _form_values()
        try:
            saved = policies.save_policy(ServiceSlaPolicySchema().load(data), policy)
        except ValidationError as err:
            errors = field_errors(err)
        else:
            flash(_("SLA policy %(name)s saved.", name=saved.name), "success")
            return redirect(url_for(".index"))
    page = render_template("service_support/sla/form.html", policy=policy, values=values, errors=errors,
                           users=policies.reassignees())
    return page, 422 if errors else 200


@bp.route("/new", methods=["GET", "POST"])
@page_permission_required(CONFIGURE)
def new():
    """Add an SLA policy."""
    return form_page()


@bp.route("/<int:policy_id>/edit", methods=["GET", "POST"])
@page_permission_required(CONFIGURE)
def edit(policy_id):
    """Change an SLA policy (tickets keep their due times until their priority or category changes)."""
    return form_page(policies.policy_or_404(policy_id))


@bp.route("/<int:policy_id>/delete", methods=["POST"])
@page_permission_required(CONFIGURE)
def delete(policy_id):
    """Delete an SLA policy; its tickets keep their due times."""
    policy = policies.policy_or_404(policy_id)
    policies.delete_policy(policy)
    flash(_("SLA policy %(name)s deleted.", name=policy.name), "success")
    return redirect(url_for(".index"))
