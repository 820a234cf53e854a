"""Admin pages for the org chart and its users.

Validation and the rules (unique emails, one admin at least, no unit below
itself, only empty units deleted) come from org/schemas.py and org/service.py,
the same as the API; these views only turn them into pages.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import BadRequest, Conflict, TooManyRequests

from crm_platform.api.pagination import keyset_page
from crm_platform.auth.api_tokens import token_or_404, tokens_of
from crm_platform.auth.passwords import is_usable
from crm_platform.forms import field_errors, form_input, query_input
from crm_platform.extensions import db
from crm_platform.jobs.queue import JobsUnavailable
from crm_platform.models import OrgUnit, User
from crm_platform.org import invitations, service
from crm_platform.org.invitations import InvitationNotQueued
from crm_platform.org.queries import depth, unit_choices, units_in_chart_order, user_query
from crm_platform.org.schemas import OrgUnitSchema, UserQuerySchema, UserSchema
from crm_platform.roles import all_roles, has_permission, permission_required

bp = Blueprint("org", __name__, url_prefix="/org")

KIND_LABELS = {"company": _l("Company"), "branch": _l("Branch"), "region": _l("Region"), "team": _l("Team")}
USER_FIELDS = ("name", "email", "role", "org_unit_id", "password")
UNIT_FIELDS = ("name", "kind", "parent_id")


@bp.context_processor
def _labels():
    """Labels for roles and unit kinds in every org template."""
    return {"role_labels": {role.name: role.label for role in all_roles()}, "kind_labels": KIND_LABELS,
            "invitation_pending": invitation_pending}


def invitation_pending(user):
    """True while `user` has not chosen a password through their invitation."""
    return not is_usable(user.password_hash)


# -- users -----------------------------------------------------------------------------

@bp.route("/users")
@permission_required("users.manage")
def users():
    """The workspace's users, by name, with search and cursor pages."""
    raw = query_input(request.args, ("q", "limit", "cursor"))
    try:
        args = UserQuerySchema().load(raw)
        stmt = user_query(args).options(selectinload(User.org_unit))
        rows, next_cursor = keyset_page(stmt, [User.name, User.id], False, args.get("cursor"),
                                        args["limit"], types=[str, int])
    except (ValidationError, BadRequest):
        # Only a hand-edited link gets here; start the list again rather than fail.
        flash(_("This page link is no longer valid; showing the first page."), "error")
        return redirect(url_for(".users"))
    return render_template("org/users.html", users=rows, next_cursor=next_cursor, q=raw.get("q", ""),
                           filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw)


def _user_input(editing=None):
    """The user form as schema input; a blank password on the edit form means "keep it"."""
    data = form_input(request.form, USER_FIELDS)
    myself = editing is not None and editing.id == current_user.id
    # Your own password changes on the account page, which keeps this session alive.
    if editing is not None and (myself or not data.get("password", "").strip()):
        data.pop("password", None)
    # An unticked checkbox is not sent at all; nobody deactivates themselves here.
    if not myself:
        data["active"] = "true" if request.form.get("active") else "false"
    return data


def _render_user_form(user, values, errors=None, status=200, problem=None):
    """The create (user is None) or edit form for a user; `problem` is a message about the whole form."""
    page = render_template("org/user_form.html", user=user, values=values, errors=errors or {}, problem=problem,
                           roles=[(role.name, role.label) for role in all_roles()],
                           unit_options=unit_choices(),
                           tokens=tokens_of(user.id, newest_first=True) if user else [])
    return page, status


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required("users.manage")
def new_user():
    """Add a user with a role, an org unit and a first password, or an emailed invitation to choose one."""
    if request.method == "GET":
        return _render_user_form(None, {"role": "rep", "active": True})
    try:
        user = invitations.add_user(UserSchema().load(_user_input()), current_user)
    except ValidationError as err:
        db.session.rollback()
        return _render_user_form(None, _form_values(), field_errors(err), 422)
    except InvitationNotQueued as err:
        flash(err.description, "error")
        return redirect(url_for(".users"))
    except (JobsUnavailable, TooManyRequests) as err:
        return _render_user_form(None, _form_values(), status=err.code, problem=err.description)
    if invitation_pending(user) and user.active:
        flash(_("User %(name)s added; an invitation to choose a password is on its way to %(email)s.",
                name=user.name, email=user.email), "success")
    else:
        flash(_("User %(name)s added.", name=user.name), "success")
    return redirect(url_for(".users"))


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@permission_required("users.manage")
def resend_invitation(user_id):
    """Email a user who has not chosen a password a new invitation; the earlier links stop working."""
    user = db.get_or_404(User, user_id)
    try:
        invitations.resend(user, current_user)
    except (Conflict, JobsUnavailable, TooManyRequests) as err:
        flash(err.description, "error")
    else:
        flash(_("A new invitation is on its way to %(email)s.", email=user.email), "success")
    return redirect(url_for(".users"))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required("users.manage")
def edit_user(user_id):
    """Change a user's details, role, unit or active flag, or reset their password."""
    user = db.get_or_404(User, user_id)
    if request.method == "GET":
        return _render_user_form(user, UserSchema().dump(user))
    try:
        service.update_user(user, UserSchema(partial=True).load(_user_input(user)))
    except ValidationError as err:
        # The service may have set attributes before refusing; none may be flushed.
        db.session.rollback()
        return _render_user_form(user, _form_values(), field_errors(err), 422)
    flash(_("User %(name)s saved.", name=user.name), "success")
    # Admins who just took away their own right to manage users go home instead of a 403.
    return redirect(url_for(".users") if has_permission(current_user, "users.manage") else url_for("index"))


@bp.route("/users/<int:user_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@permission_required("users.manage")
def revoke_token(user_id, token_id):
    """Revoke one of a user's API tokens: programs using it stop working at once."""
    row = token_or_404(db.get_or_404(User, user_id).id, token_id)
    name = row.name
    db.session.delete(row)
    db.session.commit()
    flash(_("Token %(name)s revoked.", name=name), "success")
    return redirect(url_for(".edit_user", user_id=user_id))


def _form_values():
    """What was typed, to show again after an error (never the password)."""
    values = {k: v for k, v in request.form.items() if k in USER_FIELDS and k != "password"}
    values["active"] = bool(request.form.get("active"))
    return values


# -- org units -------------------------------------------------------------------------

def _render_units(values=None, errors=None, status=200):
    """The org chart with the form for a new unit."""
    units = units_in_chart_order()
    counts = dict(db.session.execute(select(User.org_unit_id, func.count(User.id))
                                     .where(User.org_unit_id.is_not(None)).group_by(User.org_unit_id)).all())
    sub_units = dict(db.session.execute(select(OrgUnit.parent_id, func.count(OrgUnit.id))
                                        .where(OrgUnit.parent_id.is_not(None)).group_by(OrgUnit.parent_id)).all())
    blockers = {unit.id: service.delete_blocker(sub_units.get(unit.id, 0), counts.get(unit.id, 0)) for unit in units}
    page = render_template("org/units.html", units=units, depth=depth, user_counts=counts, blockers=blockers,
                           unit_options=unit_choices(units),
                           values=values or {"kind": "team", "parent_id": units[0].id if units else None},
                           errors=errors or {})
    return page, status


@bp.route("/units")
@permission_required("units.manage")
def units():
    """The org chart as an indented tree, with the form for a new unit."""
    return _render_units()


@bp.route("/units/new", methods=["POST"])
@permission_required("units.manage")
def create_unit():
    """Add a unit under a parent (or at the top of the chart)."""
    try:
        unit = service.create_unit(OrgUnitSchema().load(form_input(request.form, UNIT_FIELDS)))
    except ValidationError as err:
        db.session.rollback()
        return _render_units(form_input(request.form, UNIT_FIELDS), field_errors(err), 422)
    flash(_("Unit %(name)s added.", name=unit.name), "success")
    return redirect(url_for(".units"))


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@permission_required("units.manage")
def edit_unit(unit_id):
    """Rename a unit or move it, with everything below it, under another parent."""
    unit = db.get_or_404(OrgUnit, unit_id)
    values, errors, status = OrgUnitSchema().dump(unit), {}, 200
    if request.method == "POST":
        try:
            service.update_unit(unit, OrgUnitSchema(partial=True).load(form_input(request.form, UNIT_FIELDS)))
        except ValidationError as err:
            db.session.rollback()
            values, errors, status = form_input(request.form, UNIT_FIELDS), field_errors(err), 422
        else:
            flash(_("Unit %(name)s saved.", name=unit.name), "success")
            return redirect(url_for(".units"))
    return render_template("org/unit_form.html", unit=unit, values=values, errors=errors,
                           parent_options=unit_choices(exclude=unit)), status


@bp.route("/units/<int:unit_id>/delete", methods=["GET", "POST"])
@permission_required("units.manage")
def delete_unit(unit_id):
    """Delete an empty unit after a confirmation page; for one with sub-units or users, the page says why it cannot."""
    unit = db.get_or_404(OrgUnit, unit_id)
    if request.method == "GET":
        return render_template("org/unit_delete.html", unit=unit, blocker=service.unit_delete_blocker(unit))
    name = unit.name
    try:
        service.delete_unit(unit)
    except Conflict as err:
        flash(_("%(name)s was not deleted: %(reason)s", name=name, reason=err.description), "error")
    else:
        flash(_("Unit %(name)s deleted.", name=name), "success")
    return redirect(url_for(".units"))
