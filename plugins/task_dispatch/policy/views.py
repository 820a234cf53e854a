"""Pages of the policy feature under /dispatch/policy: the settings with preview, the history, one version."""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from crm_platform.sdk import (
    current_user, db, field_errors, gettext as _, has_permission, list_page, page_permission_required, query_input,
)

from plugins.task_dispatch.blueprints import page_blueprint
from plugins.task_dispatch.permissions import CONFIGURE, DISPATCH
from plugins.task_dispatch.policy import service
from plugins.task_dispatch.policy.labels import PARAMETER_LABELS, REGION_MODE_LABELS
from plugins.task_dispatch.policy.schemas import DispatchPolicyVersionQuerySchema

bp = page_blueprint("policy", __name__)

RECENT_VERSIONS = 10
"""How many versions the settings page lists; the history page has them all."""


def _values(policy, factors):
    """The form's values for `policy`: a weight_<key> per factor, every parameter, no note."""
    values = {f"weight_{factor['key']}": _number(factor["weight"]) for factor in factors}
    values.update({key: _number(policy.parameter(key)) for key in PARAMETER_LABELS})
    return values


def _number(value):
    """A number as a form shows it: 3.0 as "3"; other values as they are."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _posted(factors):
    """(values to show again, weights, parameters, note) from the posted form.

    A field the form lacks (a plugin's factor turned on since the page was
    loaded) keeps its value in force; the unticked box means "no".
    """
    weights = {factor["key"]: request.form[f"weight_{factor['key']}"] for factor in factors
               if f"weight_{factor['key']}" in request.form}
    parameters = {key: request.form[key] for key in PARAMETER_LABELS if key != "auto_assign" and key in request.form}
    parameters["auto_assign"] = request.form.get("auto_assign") == "on"
    note = request.form.get("note", "")
    values = {**{f"weight_{key}": value for key, value in weights.items()}, **parameters, "note": note}
    return values, weights, parameters, note


def _errors(error):
    """A ValidationError of the policy as {form field: message}: weight_<key>, each parameter, weights, note."""
    messages = error.messages if isinstance(error.messages, dict) else {"weights": error.messages}
    found = {}
    weights = messages.get("weights")
    if isinstance(weights, dict):
        found.update({f"weight_{key}": text for key, text in field_errors(weights).items()})
    elif weights:
        found.update(field_errors({"weights": weights}))
    if isinstance(messages.get("parameters"), dict):
        found.update(field_errors(messages["parameters"]))
    found.update(field_errors({key: text for key, text in messages.items() if key not in ("weights", "parameters")}))
    return found


def _page(values, errors=None, result=None, status=200):
    """The settings page: the factors and parameters (a form for admins), a preview's result, recent versions.

    `values` are the posted ones to show again, over the policy in force's.
    """
    policy = service.current_policy()
    factors = service.factors(policy)
    page = render_template("task_dispatch/policy/index.html", policy=policy, factors=factors,
                           values={**_values(policy, factors), **(values or {})}, errors=errors or {},
                           result=result, parameters=PARAMETER_LABELS, region_modes=REGION_MODE_LABELS,
                           may_configure=has_permission(current_user, CONFIGURE),
                           history=service.described(service.version_page({"limit": RECENT_VERSIONS})[0]))
    return page, status


@bp.route("/")
@page_permission_required(DISPATCH)
def index():
    """The policy in force: every factor with its weight, the parameters, and the latest versions."""
    return _page({})


@bp.route("/", methods=["POST"])
@page_permission_required(CONFIGURE)
def save():
    """Save the form as the next version of the policy, with an optional note."""
    values, weights, parameters, note = _posted(service.factors())
    try:
        row = service.save_policy(current_user, weights, parameters, note)
    except ValidationError as err:
        db.session.rollback()
        return _page(values, _errors(err), status=422)
    db.session.commit()
    flash(_("Dispatch policy version %(version)s saved.", version=row.version), "success")
    return redirect(url_for(".index"))


@bp.route("/preview", methods=["POST"])
@page_permission_required(CONFIGURE)
def preview():
    """The form's policy tried on the recent tasks: who would come top before and after; nothing saved."""
    values, weights, parameters, _note = _posted(service.factors())
    try:
        proposed = service.proposed_policy(weights, parameters)
    except ValidationError as err:
        return _page(values, _errors(err), status=422)
    return _page(values, result=service.preview(proposed))


@bp.route("/versions")
@page_permission_required(DISPATCH)
def versions():
    """Every saved version, newest first: who, when, the note and what changed."""
    raw = query_input(request.args, ("cursor", "limit"))
    rows, next_cursor, problem = list_page(DispatchPolicyVersionQuerySchema(), raw, service.version_page)
    page = render_template("task_dispatch/policy/versions.html", rows=service.described(rows),
                           next_cursor=next_cursor, on_later_page="cursor" in raw, problem=problem,
                           region_modes=REGION_MODE_LABELS)
    return page, 400 if problem else 200


@bp.route("/versions/<int:version>")
@page_permission_required(DISPATCH)
def version(version):
    """One saved version: its weights and parameters, and what it changed from the one before."""
    saved = service.version_or_404(version)
    return render_template("task_dispatch/policy/version.html", row=service.described([saved])[0],
                           policy=service.as_policy(saved),
                           labels=service.factor_labels(), parameters=PARAMETER_LABELS,
                           region_modes=REGION_MODE_LABELS)
