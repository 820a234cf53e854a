"""API of the workspace business calendar: hours and company days (admins change them), time off, and a check."""
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint

from crm_platform.api import error_response
from crm_platform.api.auth import login_required, permission_required
from crm_platform.calendar import service
from crm_platform.calendar.business_time import NoWorkingTime
from crm_platform.calendar.holidays import HolidayDataMissing
from crm_platform.calendar.schemas import (
    CalendarCheckQuerySchema, CalendarCheckSchema, CalendarDayQuerySchema, CalendarDaySchema, CalendarSettingsSchema,
    TimeOffQuerySchema, TimeOffSchema,
)
from crm_platform.extensions import db
from crm_platform.models import CalendarDay, TimeOff
from crm_platform.workspace.settings import current_tenant

blp = Blueprint("calendar_api", __name__, description="The workspace business calendar: working hours, "
                "public holidays, company days off, extra working days and people's time off")


@blp.route("/calendar/settings")
class CalendarSettings(MethodView):
    """The working hours and the official holiday calendar."""

    @login_required
    @blp.response(200, CalendarSettingsSchema)
    def get(self):
        """Read the working hours per weekday and the holiday calendar (CN by default)."""
        return service.calendar_settings(current_tenant())

    @permission_required("workspace.manage")
    # Either part may be left out, but not a span's own fields (partial=True would reach into the spans).
    @blp.arguments(CalendarSettingsSchema(partial=("holidays", "hours")))
    @blp.response(200, CalendarSettingsSchema)
    def put(self, data):
        """Replace the working hours and/or the holiday calendar (admins; audited)."""
        return service.update_calendar_settings(current_user, current_tenant(), data)


@blp.route("/calendar/days")
class CalendarDays(MethodView):
    """The company's days off and extra working days."""

    @login_required
    @blp.arguments(CalendarDayQuerySchema, location="query")
    @blp.response(200, CalendarDaySchema(many=True))
    def get(self, args):
        """List the company days by date (of one year with `year`)."""
        return service.calendar_days(args.get("year"))

    @permission_required("workspace.manage")
    @blp.arguments(CalendarDaySchema)
    @blp.response(201, CalendarDaySchema)
    def post(self, data):
        """Add a company day off or extra working day (admins); 409 when the date already has one."""
        if service.calendar_day_on(data["day"]) is not None:
            return error_response(409, _("That date already has a company day."))
        row = CalendarDay(**data)
        db.session.add(row)
        db.session.commit()
        return row


@blp.route("/calendar/days/<int:day_id>")
class CalendarDayItem(MethodView):
    """One company day."""

    @permission_required("workspace.manage")
    @blp.response(204)
    def delete(self, day_id):
        """Remove a company day: the date follows the official calendar and the hours again (admins)."""
        db.session.delete(service.calendar_day_or_404(day_id))
        db.session.commit()


@blp.route("/calendar/time-off")
class TimeOffList(MethodView):
    """A person's time off."""

    @login_required
    @blp.arguments(TimeOffQuerySchema, location="query")
    @blp.response(200, TimeOffSchema(many=True))
    def get(self, args):
        """List a person's time off (your own by default; admins anyone's), latest first."""
        user = service.time_off_user_or_404(current_user, args.get("user_id", current_user.id))
        return service.time_off_of(user.id)

    @login_required
    @blp.arguments(TimeOffSchema)
    @blp.response(201, TimeOffSchema)
    @blp.alt_response(404, response="NOT_FOUND")  # a user_id of no visible user
    def post(self, data):
        """Add time off for yourself (or, for admins, anyone in the workspace)."""
        user = service.time_off_user_or_404(current_user, data.pop("user_id", current_user.id))
        row = TimeOff(user_id=user.id, **data)
        db.session.add(row)
        db.session.commit()
        return row


@blp.route("/calendar/time-off/<int:time_off_id>")
class TimeOffItem(MethodView):
    """One period of time off."""

    @login_required
    @blp.response(204)
    def delete(self, time_off_id):
        """Remove time off (your own; admins anyone's)."""
        db.session.delete(service.time_off_or_404(current_user, time_off_id))
        db.session.commit()


@blp.route("/calendar/check")
@login_required
@blp.arguments(CalendarCheckQuerySchema, location="query")
@blp.response(200, CalendarCheckSchema)
def check(args):
    """Whether `at` is working time, `at` plus `minutes` business minutes, and the business minutes until `until`.

    A date the official holiday data does not cover answers 422 rather than a guess.
    """
    user = service.time_off_user_or_404(current_user, args["user_id"]) if "user_id" in args else None
    calendar = service.tenant_calendar(current_tenant(), user)
    try:
        until = args.get("until")
        return {"open": calendar.is_open(args["at"]),
                "plus_minutes": calendar.add_business_minutes(args["at"], args["minutes"]),
                "minutes_until": calendar.business_minutes_between(args["at"], until) if until else None}
    except HolidayDataMissing as error:
        message = _("No official holiday data for %(year)s: the calendar covers %(first)s-%(last)s.",
                    year=error.year, first=error.covered[0], last=error.covered[1])
        # The input that reached the year: `at` or `until` in it, else adding `minutes` ran into it.
        named = [name for name in ("at", "until") if args.get(name) and args[name].year == error.year] or ["minutes"]
        return error_response(422, message, dict.fromkeys(named, [message]))
    except NoWorkingTime:
        message = _("The calendar has no working hours.")
        return error_response(422, message, {"minutes": [message]})
