"""API of employee profiles and customers' people, under /api/v1/dispatch/ (documented in OpenAPI)."""
from flask.views import MethodView
from marshmallow import ValidationError
from werkzeug.exceptions import NotFound

from crm_platform.sdk import api_login_required, api_permission_required, current_user, gettext as _, lazy_gettext as _l
from crm_platform.sdk import visible_customer_or_404

from plugins.task_dispatch.blueprints import api_blueprint
from plugins.task_dispatch.permissions import PROFILES
from plugins.task_dispatch.profiles import certifications, customer_people, service, working_time
from plugins.task_dispatch.profiles.schemas import (
    DispatchCertificationSchema, DispatchCustomerPeopleSchema, DispatchCustomerPersonSchema,
    DispatchCustomerPersonUpdateSchema, DispatchPeopleQuerySchema, DispatchPersonPageSchema,
    DispatchProfilePageSchema, DispatchProfileSchema, DispatchProfileUpdateSchema, DispatchWorkingTimeSchema,
)
from plugins.task_dispatch.profiles.visibility import person_or_404, profile_or_404

blp = api_blueprint("profiles", __name__, _l("Task dispatch: profiles"))


def with_certifications(profile):
    """`profile` carrying its certifications, for its schema."""
    profile.certifications = certifications.certifications_of(profile)
    return profile


def named(row):
    """A customer's person row carrying the person's name, for its schema."""
    row.user_name = customer_people.name_of(row.user_id)
    return row


@blp.route("/dispatch/profiles/people")
class People(MethodView):
    """The people whose profiles the caller may see, with or without a profile."""

    decorators = [api_login_required]

    @blp.arguments(DispatchPeopleQuerySchema, location="query")
    @blp.response(200, DispatchPersonPageSchema)
    def get(self, args):
        """List people by name with their profile (or null); filter by unit, region, skill, takes tasks."""
        users, next_cursor = service.people_page(current_user, args)
        profiles = service.profiles_by_user([user.id for user in users])
        for user in users:
            user.profile = profiles.get(user.id)
        return {"items": users, "next_cursor": next_cursor}


@blp.route("/dispatch/profiles")
class Profiles(MethodView):
    """The profiles the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(DispatchPeopleQuerySchema, location="query")
    @blp.response(200, DispatchProfilePageSchema)
    def get(self, args):
        """List profiles by their person's name; filter by unit, region, skill, takes tasks."""
        users, next_cursor = service.people_page(current_user, {**args, "has_profile": True})
        profiles = service.profiles_by_user([user.id for user in users])
        return {"items": [profiles[user.id] for user in users], "next_cursor": next_cursor}

    @api_permission_required(PROFILES)
    @blp.arguments(DispatchProfileSchema)
    @blp.response(201, DispatchProfileSchema)
    def post(self, data):
        """Create the profile of a person (dispatch.profiles within the caller's remit); 409 if they have one."""
        try:
            person = person_or_404(current_user, data.pop("user_id"))
        except NotFound:
            raise ValidationError({"user_id": [_("There is no such person, or you may not see them.")]})
        return with_certifications(service.create_profile(current_user, person, data))


@blp.route("/dispatch/profiles/<int:profile_id>")
class ProfileItem(MethodView):
    """One profile."""

    decorators = [api_login_required]

    @blp.response(200, DispatchProfileSchema)
    def get(self, profile_id):
        """Read a profile with its certifications and performance."""
        return with_certifications(profile_or_404(current_user, profile_id))

    @api_permission_required(PROFILES)
    @blp.arguments(DispatchProfileUpdateSchema)
    @blp.response(200, DispatchProfileSchema)
    def patch(self, data, profile_id):
        """Change a profile (who may edit it); the performance figure is refused: it is derived."""
        profile = profile_or_404(current_user, profile_id)
        return with_certifications(service.update_profile(current_user, profile, data))


@blp.route("/dispatch/profiles/<int:profile_id>/working-time")
class WorkingTime(MethodView):
    """When the person works."""

    decorators = [api_login_required]

    @blp.response(200, DispatchWorkingTimeSchema)
    def get(self, profile_id):
        """The workspace's weekly hours and the person's time off that has not ended."""
        profile = profile_or_404(current_user, profile_id)
        return {"hours": working_time.weekly_hours(), "time_off": working_time.upcoming_time_off(profile.user_id)}


@blp.route("/dispatch/profiles/<int:profile_id>/certifications")
class Certifications(MethodView):
    """A profile's certifications."""

    decorators = [api_login_required]

    @blp.response(200, DispatchCertificationSchema(many=True))
    def get(self, profile_id):
        """List the certifications, the soonest to expire first."""
        return certifications.certifications_of(profile_or_404(current_user, profile_id))

    @api_permission_required(PROFILES)
    @blp.arguments(DispatchCertificationSchema)
    @blp.response(201, DispatchCertificationSchema)
    def post(self, data, profile_id):
        """Record a certification (who may edit the profile)."""
        return certifications.add_certification(current_user, profile_or_404(current_user, profile_id), data)


@blp.route("/dispatch/profiles/<int:profile_id>/certifications/<int:certification_id>")
class CertificationItem(MethodView):
    """One certification."""

    decorators = [api_login_required]

    @blp.response(204)
    def delete(self, profile_id, certification_id):
        """Remove the certification (who may edit the profile)."""
        profile = profile_or_404(current_user, profile_id)
        certifications.remove_certification(current_user, profile,
                                            certifications.certification_or_404(profile, certification_id))


@blp.route("/dispatch/customers/<int:customer_id>/people")
class CustomerPeople(MethodView):
    """A customer's preferred and excluded people."""

    decorators = [api_login_required]

    @blp.response(200, DispatchCustomerPeopleSchema)
    def get(self, customer_id):
        """List them (anyone who may see the customer)."""
        customer = visible_customer_or_404(current_user, customer_id)
        rows = []
        for row, name in customer_people.people_of(customer.id):
            row.user_name = name
            rows.append(row)
        return {"items": rows}

    @blp.arguments(DispatchCustomerPersonSchema)
    @blp.response(201, DispatchCustomerPersonSchema)
    def post(self, data, customer_id):
        """Name a preferred or excluded person (who manages the customer, or dispatches); 409 if named already."""
        customer = visible_customer_or_404(current_user, customer_id)
        return named(customer_people.add_person(current_user, customer, data))


@blp.route("/dispatch/customers/<int:customer_id>/people/<int:person_id>")
class CustomerPersonItem(MethodView):
    """One of a customer's people."""

    decorators = [api_login_required]

    @blp.arguments(DispatchCustomerPersonUpdateSchema)
    @blp.response(200, DispatchCustomerPersonSchema)
    def patch(self, data, customer_id, person_id):
        """Change preferred/excluded or the note."""
        customer = visible_customer_or_404(current_user, customer_id)
        row = customer_people.person_or_404(customer, person_id)
        return named(customer_people.change_person(current_user, customer, row, data))

    @blp.response(204)
    def delete(self, customer_id, person_id):
        """Take the person off the customer's list."""
        customer = visible_customer_or_404(current_user, customer_id)
        customer_people.remove_person(current_user, customer, customer_people.person_or_404(customer, person_id))
