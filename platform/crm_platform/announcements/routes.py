"""Announcement pages: the list (pinned first, unread marked), reading one, posting, editing and deleting."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from crm_platform.announcements import service
from crm_platform.announcements.access import (
    COMPANY, may_change, may_post, post_targets, readable_announcement_or_404, require_change,
)
from crm_platform.announcements.schemas import AnnouncementQuerySchema, AnnouncementSchema
from crm_platform.forms import field_errors, form_input, list_page, query_input
from crm_platform.roles import permission_required
from crm_platform.workspace.clock import workspace_today

bp = Blueprint("announcements", __name__, url_prefix="/announcements")

FORM_FIELDS = ("title", "body", "unit_id", "expires_on")


@bp.route("/")
@login_required
def index():
    """What the signed-in user may read: pinned first, then the newest; `?unread=1` keeps the current unread ones."""
    unread_only = request.args.get("unread") == "1"
    raw = query_input(request.args, ("cursor",))
    if unread_only:
        # Unread means what the unread count counts: an expired announcement no longer asks to be read.
        raw.update(unread="true", current="true")
    items, next_cursor, problem = list_page(AnnouncementQuerySchema(), {**raw, "pinned": "false"},
                                            lambda args: service.announcement_page(current_user, args))
    if problem:
        flash(problem, "error")
    pinned = [] if raw.get("cursor") else service.pinned_announcements(current_user, unread_only)
    return render_template("announcements/index.html", pinned=pinned, items=items, next_cursor=next_cursor,
                           on_later_page=bool(raw.get("cursor")), unread_only=unread_only,
                           unread_count=service.unread_count(current_user), may_post=may_post(current_user),
                           today=workspace_today()), 400 if problem else 200


def _form_data(form):
    """The form's fields as AnnouncementSchema input: the pinned box, "" for the company."""
    values = form_input(form, FORM_FIELDS)
    return values, {**values, "unit_id": values.get("unit_id") or None, "pinned": "pinned" in form}


def _render_form(values, errors=None, announcement=None, status=200):
    """The post or edit form with the units the user may post to (and the announcement's own, kept as it is)."""
    targets = post_targets(current_user)
    if announcement is not None and announcement.unit_id not in {unit_id for unit_id, _label in targets}:
        targets.insert(0, (announcement.unit_id, announcement.unit.name if announcement.unit else str(COMPANY)))
    return render_template("announcements/form.html", values=values, errors=errors or {}, announcement=announcement,
                           targets=[("" if unit_id is None else unit_id, label) for unit_id, label in targets]), status


@bp.route("/new", methods=["GET", "POST"])
@permission_required("announcements.post")
def new():
    """Post an announcement to the company or a unit the user may post to."""
    targets = post_targets(current_user)
    if not targets:
        abort(403, _("You may not post announcements there."))
    if request.method == "GET":
        # The widest audience the user may reach: the company, or a manager's own unit.
        return _render_form({"unit_id": targets[0][0] or ""})
    values, data = _form_data(request.form)
    try:
        announcement = service.post(current_user, AnnouncementSchema().load(data))
    except ValidationError as err:
        return _render_form({**values, "pinned": "pinned" in request.form}, field_errors(err), status=422)
    flash(_("Announcement posted."), "success")
    return redirect(url_for(".detail", announcement_id=announcement.id))


@bp.route("/<int:announcement_id>")
@login_required
def detail(announcement_id):
    """Read an announcement: opening it marks it read for the reader; its author and admins see who has read it."""
    announcement = service.mark_read(current_user, readable_announcement_or_404(current_user, announcement_id))
    changeable = may_change(current_user, announcement)
    return render_template("announcements/detail.html", announcement=announcement, may_change=changeable,
                           readers=service.readers(announcement) if changeable else None, today=workspace_today())


@bp.route("/<int:announcement_id>/edit", methods=["GET", "POST"])
@login_required
def edit(announcement_id):
    """Change an announcement (its author, or admins)."""
    announcement = readable_announcement_or_404(current_user, announcement_id)
    require_change(current_user, announcement)
    if request.method == "GET":
        return _render_form({"title": announcement.title, "body": announcement.body,
                             "unit_id": announcement.unit_id or "", "pinned": announcement.pinned,
                             "expires_on": announcement.expires_on.isoformat() if announcement.expires_on else ""},
                            announcement=announcement)
    values, data = _form_data(request.form)
    try:
        service.update(current_user, announcement, AnnouncementSchema().load(data))
    except ValidationError as err:
        return _render_form({**values, "pinned": "pinned" in request.form}, field_errors(err), announcement, 422)
    flash(_("Announcement saved."), "success")
    return redirect(url_for(".detail", announcement_id=announcement.id))


@bp.route("/<int:announcement_id>/delete", methods=["POST"])
@login_required
def delete(announcement_id):
    """Delete an announcement (its author, or admins)."""
    service.delete(current_user, readable_announcement_or_404(current_user, announcement_id))
    flash(_("Announcement deleted."), "success")
    return redirect(url_for(".index"))
