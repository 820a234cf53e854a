"""Calendar pages: the working hours and company days (admins, under Workspace) and a person's time off."""
import re
from datetime import datetime, time, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.calendar import service
from crm_platform.calendar.schemas import CalendarDaySchema, CalendarSettingsSchema, TimeOffSchema
from crm_platform.extensions import db
from crm_platform.forms import field_errors, form_input
from crm_platform.models import CalendarDay, TimeOff, User
from crm_platform.roles import has_permission, permission_required
from crm_platform.workspace.settings import current_tenant, tenant_timezone

bp = Blueprint("calendar", __name__)

WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"), _l("Sunday"))
HOLIDAY_SOURCES = (("CN", _l("China's public holidays and make-up working days")), ("none", _l("No public holidays")))
SPAN = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~]\s*(\d{1,2}:\d{2})\s*$")


def _hours_text(tenant):
    """Each weekday's spans as the form shows them: "09:00-12:00, 13:00-18:00"."""
    hours = service.working_hours(tenant)
    return {f"hours_{day}": ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in hours.get(day, ())) for day in range(7)}


def _parse_hours(form):
    """The form's spans as schema input, and {field: message} for weekdays that do not read as spans."""
    spans, errors = [], {}
    for day in range(7):
        text = form.get(f"hours_{day}", "").strip()
        parts = [part for part in re.split(r"[,，;；]", text) if part.strip()]
        matches = [SPAN.match(part) for part in parts]
        if not all(matches):
            errors[f"hours_{day}"] = _("Enter times as 09:00-12:00, 13:00-18:00.")
            continue
        spans += [{"weekday": day, "opens": m.group(1).zfill(5), "closes": m.group(2).zfill(5)} for m in matches]
    return spans, errors


def _render_settings(values, errors=None, day_values=None, day_errors=None, status=200):
    """The calendar settings page with the hours form and the company days."""
    return render_template("calendar/settings.html", values=values, errors=errors or {}, weekdays=WEEKDAYS,
                           sources=HOLIDAY_SOURCES, days=service.calendar_days(), day_values=day_values or {},
                           day_errors=day_errors or {}), status


@bp.route("/admin/workspace/calendar", methods=["GET", "POST"])
@permission_required("workspace.manage")
def settings():
    """Show and change the working hours per weekday and the public holidays in use."""
    tenant = current_tenant()
    if request.method == "GET":
        return _render_settings({**_hours_text(tenant), "holidays": service.holiday_source(tenant)})
    spans, errors = _parse_hours(request.form)
    if not errors:
        try:
            data = CalendarSettingsSchema().load({"hours": spans, "holidays": request.form.get("holidays", "")})
        except ValidationError as err:
            errors = {("holidays" if key == "holidays" else "_schema"): message
                      for key, message in field_errors(err).items()}
    if errors:
        return _render_settings(dict(request.form), errors, status=422)
    service.update_calendar_settings(current_user, tenant, data)
    flash(_("Working hours saved."), "success")
    return redirect(url_for(".settings"))


@bp.route("/admin/workspace/calendar/days", methods=["POST"])
@permission_required("workspace.manage")
def add_day():
    """Add a company day off or an extra working day."""
    tenant = current_tenant()
    values = form_input(request.form, ("day", "working", "note"))
    try:
        data = CalendarDaySchema().load(values)
    except ValidationError as err:
        return _render_settings({**_hours_text(tenant), "holidays": service.holiday_source(tenant)},
                                day_values=values, day_errors=field_errors(err), status=422)
    if service.calendar_day_on(data["day"]) is not None:
        return _render_settings({**_hours_text(tenant), "holidays": service.holiday_source(tenant)},
                                day_values=values, day_errors={"day": _("That date already has a company day.")},
                                status=422)
    db.session.add(CalendarDay(**data))
    db.session.commit()
    flash(_("Company day added."), "success")
    return redirect(url_for(".settings"))


@bp.route("/admin/workspace/calendar/days/<int:day_id>/delete", methods=["POST"])
@permission_required("workspace.manage")
def delete_day(day_id):
    """Remove a company day: the date follows the public holidays and the hours again."""
    db.session.delete(service.calendar_day_or_404(day_id))
    db.session.commit()
    flash(_("Company day removed."), "success")
    return redirect(url_for(".settings"))


def _time_off_user():
    """Whose time off the page shows: the signed-in person, or (admins) the one in ?user_id=."""
    user_id = request.args.get("user_id", type=int) or request.form.get("user_id", type=int) or current_user.id
    return service.time_off_user_or_404(current_user, user_id)


def _time_off_input(form, tz):
    """The form's first and last day off (local dates) as the instants TimeOffSchema reads."""
    values = form_input(form, ("first_day", "last_day", "note"))
    data, errors = {"note": values.get("note", "")}, {}
    for name, key, shift in (("first_day", "starts_at", 0), ("last_day", "ends_at", 1)):
        try:
            day = datetime.strptime(values.get(name, "").strip(), "%Y-%m-%d").date()
        except ValueError:
            errors[name] = _("Enter a date.")
            continue
        data[key] = datetime.combine(day + timedelta(days=shift), time(), tzinfo=tz).isoformat()
    return values, data, errors


def _render_time_off(user, values=None, errors=None, status=200):
    """The time off page of `user`."""
    people = (db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)).all()
              if has_permission(current_user, "workspace.manage") else ())
    return render_template("calendar/time_off.html", person=user, periods=service.time_off_of(user.id),
                           people=people, values=values or {}, errors=errors or {}), status


@bp.route("/calendar/time-off", methods=["GET", "POST"])
@login_required
def time_off():
    """Show and add time off (your own; admins pick anyone in the workspace)."""
    user = _time_off_user()
    if request.method == "GET":
        return _render_time_off(user)
    values, data, errors = _time_off_input(request.form, tenant_timezone(current_tenant()))
    if not errors:
        try:
            data = TimeOffSchema().load(data)
        except ValidationError as err:
            errors = {"last_day" if key == "ends_at" else key: message for key, message in field_errors(err).items()}
    if errors:
        return _render_time_off(user, values, errors, 422)
    db.session.add(TimeOff(user_id=user.id, **data))
    db.session.commit()
    flash(_("Time off added."), "success")
    return redirect(url_for(".time_off", user_id=user.id if user.id != current_user.id else None))


@bp.route("/calendar/time-off/<int:time_off_id>/delete", methods=["POST"])
@login_required
def delete_time_off(time_off_id):
    """Remove a period of time off (your own; admins anyone's)."""
    row = service.time_off_or_404(current_user, time_off_id)
    user_id = row.user_id
    db.session.delete(row)
    db.session.commit()
    flash(_("Time off removed."), "success")
    return redirect(url_for(".time_off", user_id=user_id if user_id != current_user.id else None))
