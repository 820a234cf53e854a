"""Marshmallow schemas of profiles: a profile in and out, its performance, certifications, working time, lists,
and a customer's preferred and excluded people."""
from marshmallow import ValidationError, fields, pre_load, validate

from crm_platform.sdk import BaseSchema, QuerySchema, gettext as _, page_schema, workspace_today

from plugins.task_dispatch.models.profiles import CUSTOMER_RELATIONS

CATALOGUE_KEY = fields.Str(validate=validate.Length(min=1, max=40))


class _Itself(fields.Nested):
    """A nested schema dumped from the object itself (parts of a row grouped under one name)."""

    def get_value(self, obj, attr, accessor=None, default=None):
        """The whole object."""
        return obj


class DispatchPerformanceSchema(BaseSchema):
    """The performance figure derived from the person's finished tasks, with its parts; never input."""

    tasks = fields.Int(attribute="performance_tasks", dump_only=True,
                       metadata={"description": "finished tasks it is based on"})
    on_time_rate = fields.Float(attribute="performance_on_time", dump_only=True, allow_none=True,
                                metadata={"description": "share of finished tasks done by their due time, 0..1"})
    mean_rating = fields.Float(attribute="performance_rating", dump_only=True, allow_none=True,
                               metadata={"description": "mean rating of the rated tasks, 1..5"})
    figure = fields.Float(attribute="performance", dump_only=True, allow_none=True,
                          metadata={"description": "the 0..1 figure the policy's performance factor uses"})
    computed_at = fields.DateTime(attribute="performance_at", dump_only=True, allow_none=True)


class DispatchCertificationSchema(BaseSchema):
    """A certification the person holds, optionally for a catalogue skill, valid until `expires_on`."""

    id = fields.Int(dump_only=True)
    profile_id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    skill_key = fields.Str(allow_none=True, validate=validate.Length(max=40),
                           metadata={"description": "the catalogue skill it certifies"})
    number = fields.Str(allow_none=True, validate=validate.Length(max=60))
    expires_on = fields.Date(allow_none=True, metadata={"description": "null: does not expire"})
    expired = fields.Function(lambda row: row.expires_on is not None and row.expires_on < workspace_today(),
                              dump_only=True, metadata={"description": "expired before the workspace's today"})
    created_at = fields.DateTime(dump_only=True)


class DispatchProfileSchema(BaseSchema):
    """An employee profile: whether they take tasks, region, dates, capacity, skills, resources, performance."""

    id = fields.Int(dump_only=True)
    user_id = fields.Int(required=True, metadata={"description": "the person (an active user); set on creation"})
    takes_tasks = fields.Bool(metadata={"description": "true for a new profile unless said otherwise"})
    home_region = fields.Str(allow_none=True, validate=validate.Length(max=60),
                             metadata={"description": "a sales region's name or free text"})
    hire_date = fields.Date(allow_none=True)
    post_date = fields.Date(allow_none=True, metadata={"description": "in the current post since; not before hire"})
    capacity = fields.Int(validate=validate.Range(min=1, max=1000),
                          metadata={"description": "effort points held at once; default: the module's setting"})
    skills = fields.Dict(keys=CATALOGUE_KEY, values=fields.Int(validate=validate.Range(min=1, max=5)),
                         metadata={"description": "{catalogue skill key: proficiency 1..5}"})
    resources = fields.List(CATALOGUE_KEY, metadata={"description": "catalogue resource keys"})
    note = fields.Str(allow_none=True, validate=validate.Length(max=2000))
    performance = _Itself(DispatchPerformanceSchema, dump_only=True,
                          metadata={"description": "derived from finished tasks; refused as input"})
    certifications = fields.List(fields.Nested(DispatchCertificationSchema), dump_only=True,
                                 metadata={"description": "on a single profile"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    @pre_load
    def _refuse_performance(self, data, **kwargs):
        """The performance figure is derived, never typed in: say so rather than "unknown field"."""
        if isinstance(data, dict):
            sent = sorted(key for key in data if key.startswith("performance"))
            if sent:
                raise ValidationError({key: [_("The performance figure is derived from finished tasks and "
                                               "cannot be set.")] for key in sent})
        return data


class DispatchProfileUpdateSchema(DispatchProfileSchema):
    """What changes on a profile: every input field of a profile but the person."""

    class Meta:
        """The person is fixed."""

        exclude = ("user_id",)


class DispatchPersonSchema(BaseSchema):
    """A person of the workspace whose profile the caller may see, with their profile or null."""

    user_id = fields.Int(attribute="id", dump_only=True)
    name = fields.Str(dump_only=True)
    org_unit_id = fields.Int(dump_only=True, allow_none=True)
    profile = fields.Nested(DispatchProfileSchema, dump_only=True, allow_none=True)


class DispatchPeopleQuerySchema(QuerySchema):
    """Filters of the people list (by name)."""

    unit_id = fields.Int(metadata={"description": "people in this org unit or below it"})
    region = fields.Str(validate=validate.Length(max=60), metadata={"description": "home region"})
    skill = fields.Str(validate=validate.Length(max=40), metadata={"description": "holds this catalogue skill"})
    level = fields.Int(validate=validate.Range(min=1, max=5), metadata={"description": "at this level or above"})
    takes_tasks = fields.Bool(metadata={"description": "false: no profile, or one that takes no tasks"})
    has_profile = fields.Bool()


class DispatchWorkingSpanSchema(BaseSchema):
    """One span of working hours on a weekday, in the workspace's wall time."""

    weekday = fields.Int(dump_only=True, metadata={"description": "0 is Monday"})
    opens = fields.Str(dump_only=True, metadata={"description": "HH:MM"})
    closes = fields.Str(dump_only=True, metadata={"description": "HH:MM"})


class DispatchTimeOffSchema(BaseSchema):
    """A period of the person's time off (kept on the core's time-off page)."""

    id = fields.Int(dump_only=True)
    starts_at = fields.DateTime(dump_only=True)
    ends_at = fields.DateTime(dump_only=True)


class DispatchWorkingTimeSchema(BaseSchema):
    """The workspace's weekly working hours and the person's upcoming time off (both kept by the core)."""

    hours = fields.List(fields.Nested(DispatchWorkingSpanSchema), dump_only=True)
    time_off = fields.List(fields.Nested(DispatchTimeOffSchema), dump_only=True)


class DispatchCustomerPersonSchema(BaseSchema):
    """A customer's preferred person, or one excluded from its work, with why."""

    id = fields.Int(dump_only=True)
    customer_id = fields.Int(dump_only=True)
    user_id = fields.Int(required=True, metadata={"description": "an active user of the workspace"})
    user_name = fields.Str(dump_only=True)
    relation = fields.Str(required=True, validate=validate.OneOf(CUSTOMER_RELATIONS))
    note = fields.Str(allow_none=True, validate=validate.Length(max=200))
    created_at = fields.DateTime(dump_only=True)


class DispatchCustomerPersonUpdateSchema(BaseSchema):
    """What changes on a customer's person: preferred or excluded, and the note."""

    relation = fields.Str(validate=validate.OneOf(CUSTOMER_RELATIONS))
    note = fields.Str(allow_none=True, validate=validate.Length(max=200))


class DispatchCustomerPeopleSchema(BaseSchema):
    """The customer's preferred and excluded people."""

    items = fields.List(fields.Nested(DispatchCustomerPersonSchema))


DispatchPersonPageSchema = page_schema(DispatchPersonSchema, "DispatchPersonPage")
DispatchProfilePageSchema = page_schema(DispatchProfileSchema, "DispatchProfilePage")
