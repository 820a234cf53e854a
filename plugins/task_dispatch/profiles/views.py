"""Pages of employee profiles under /dispatch/profiles: the people list, a profile, its form and certifications.

Who sees and edits which profile comes from visibility.py, as for the API. The
customer page's forms for preferred and excluded people are in customer_pages.py
(on this blueprint).
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict

from crm_platform.sdk import (
    current_user, db, field_errors, gettext as _, has_permission, list_page, page_login_required, query_input,
    sales_region_names, workspace_today,
)

from plugins.task_dispatch.blueprints import page_blueprint
from plugins.task_dispatch.catalogue import service as catalogue
from plugins.task_dispatch.permissions import CONFIGURE
from plugins.task_dispatch.profiles import certifications, service, working_time
from plugins.task_dispatch.profiles.labels import RELATION_LABELS, WEEKDAY_LABELS
from plugins.task_dispatch.profiles.schemas import (
    DispatchCertificationSchema, DispatchPeopleQuerySchema, DispatchProfileUpdateSchema,
)
from plugins.task_dispatch.profiles.visibility import may_edit, person_or_404, profile_or_404, require_edit

bp = page_blueprint("profiles", __name__)

FILTERS = ("unit_id", "region", "skill", "level", "takes_tasks", "has_profile", "limit", "cursor")
TEXT_FIELDS = ("home_region", "hire_date", "post_date", "capacity", "note")
LEVELS = [(str(level), str(level)) for level in range(1, 6)]


@bp.app_template_global("dispatch_profile_labels")
def profile_labels():
    """The words for weekdays and customers' relations to people, for the module's templates."""
    return {"weekdays": WEEKDAY_LABELS, "relations": RELATION_LABELS}


@bp.route("/")
@page_login_required
def index():
    """The people whose profiles the user may see, with or without one; filters: unit, region, skill, takes tasks."""
    raw = query_input(request.args, FILTERS)
    rows, next_cursor, problem = list_page(DispatchPeopleQuerySchema(), raw,
                                           lambda args: service.people_page(current_user, args))
    page = render_template(
        "task_dispatch/profiles/index.html", rows=rows, next_cursor=next_cursor, problem=problem,
        filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw,
        profiles=service.profiles_by_user([user.id for user in rows]), units=service.unit_names(),
        unit_choices=service.unit_choices(), regions=[(r, r) for r in service.regions_in_use()],
        skills=[(item.key, item.name) for item in catalogue.items("skill", include_archived=True)],
        skill_names=catalogue.names("skill"), levels=LEVELS, editable={user.id for user in rows
                                                                        if may_edit(current_user, user.id)},
        may_configure=has_permission(current_user, CONFIGURE))
    return page, 400 if problem else 200


@bp.route("/mine")
@page_login_required
def mine():
    """The user's own profile, or the people list saying they have none."""
    profile = service.profile_of(current_user.id)
    if profile is None:
        flash(_("You have no profile yet: an admin or your manager creates it."), "info")
        return redirect(url_for(".index"))
    return redirect(url_for(".detail", profile_id=profile.id))


@bp.route("/people/<int:user_id>/create", methods=["POST"])
@page_login_required
def create(user_id):
    """Create a profile for a person who has none (capacity: the module's default), then edit it."""
    person = person_or_404(current_user, user_id)
    try:
        profile = service.create_profile(current_user, person, {})
    except Conflict as err:
        db.session.rollback()
        flash(err.description, "error")
        return redirect(url_for(".index"))
    flash(_("Profile of %(name)s created.", name=person.name), "success")
    return redirect(url_for(".edit", profile_id=profile.id))


@bp.route("/<int:profile_id>")
@page_login_required
def detail(profile_id):
    """A profile: skills, resources, certifications, dates, capacity, performance and working time."""
    profile = profile_or_404(current_user, profile_id)
    return render_template("task_dispatch/profiles/detail.html",
                           **_detail_context(profile, service.person_of(profile)))


def _detail_context(profile, person, cert_values=None, cert_errors=None):
    """What the profile page shows, and the certification form's values and errors."""
    counted = service.effective_skills(profile)
    return {"profile": profile, "person": person, "counted": counted, "today": workspace_today(),
            "skill_names": catalogue.names("skill"), "resource_names": catalogue.names("resource"),
            "certified": catalogue.certified_skill_keys(), "certifications": certifications.certifications_of(profile),
            "may_edit": may_edit(current_user, profile.user_id), "hours": working_time.weekly_hours(),
            "time_off": working_time.upcoming_time_off(profile.user_id),
            "may_manage_time_off": working_time.may_manage_time_off(current_user, profile.user_id),
            "unit_name": service.unit_names().get(person.org_unit_id),
            "skill_choices": [(item.key, item.name) for item in catalogue.items("skill")],
            "cert_values": cert_values or {}, "cert_errors": cert_errors or {}}


def _posted(form, skill_keys):
    """The profile form's values for the schema: text fields, the checkbox, skill levels and resources."""
    data = {name: form.get(name, "") for name in TEXT_FIELDS}
    data["takes_tasks"] = bool(form.get("takes_tasks"))
    data["skills"] = {key: form[f"skill-{key}"] for key in skill_keys if form.get(f"skill-{key}")}
    data["resources"] = form.getlist("resources")
    return data


@bp.route("/<int:profile_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(profile_id):
    """Change a profile; the performance figure is shown, never edited."""
    profile = profile_or_404(current_user, profile_id)
    require_edit(current_user, profile.user_id)
    person = service.person_of(profile)
    skills = catalogue.items("skill", include_archived=True)
    skills = [item for item in skills if not item.archived or item.key in (profile.skills or {})]
    resources = catalogue.items("resource", include_archived=True)
    resources = [item for item in resources if not item.archived or item.key in (profile.resources or [])]
    values = {**{key: getattr(profile, key) for key in TEXT_FIELDS}, "takes_tasks": profile.takes_tasks,
              "skills": dict(profile.skills or {}), "resources": list(profile.resources or [])}
    errors = {}
    if request.method == "POST":
        data = _posted(request.form, [item.key for item in skills])
        values = {**data, "skills": data["skills"]}
        try:
            service.update_profile(current_user, profile, DispatchProfileUpdateSchema().load(data))
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            flash(_("Profile of %(name)s saved.", name=person.name), "success")
            return redirect(url_for(".detail", profile_id=profile.id))
    page = render_template("task_dispatch/profiles/form.html", profile=profile, person=person, values=values,
                           errors=errors, skills=skills, resources=resources, levels=LEVELS,
                           region_names=sales_region_names())
    return page, 422 if errors else 200


@bp.route("/<int:profile_id>/certifications", methods=["POST"])
@page_login_required
def add_certification(profile_id):
    """Record a certification on the profile."""
    profile = profile_or_404(current_user, profile_id)
    values = {key: request.form.get(key, "") for key in ("name", "skill_key", "number", "expires_on")}
    try:
        certifications.add_certification(current_user, profile, DispatchCertificationSchema().load(values))
    except ValidationError as err:
        db.session.rollback()
        page = render_template("task_dispatch/profiles/detail.html",
                               **_detail_context(profile, service.person_of(profile), values, field_errors(err)))
        return page, 422
    flash(_("Certification added."), "success")
    return redirect(url_for(".detail", profile_id=profile.id, _anchor="certifications"))


@bp.route("/<int:profile_id>/certifications/<int:certification_id>/delete", methods=["POST"])
@page_login_required
def remove_certification(profile_id, certification_id):
    """Remove a certification from the profile."""
    profile = profile_or_404(current_user, profile_id)
    certification = certifications.certification_or_404(profile, certification_id)
    certifications.remove_certification(current_user, profile, certification)
    flash(_("Certification removed."), "success")
    return redirect(url_for(".detail", profile_id=profile.id, _anchor="certifications"))


from plugins.task_dispatch.profiles import customer_pages  # noqa: E402,F401  (its routes are on this blueprint)
