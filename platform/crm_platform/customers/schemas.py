"""Marshmallow schemas for customers, contacts, contact records and shares."""
from datetime import date, datetime, timezone

from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from marshmallow import RAISE, ValidationError, fields, validate, validates_schema

from crm_platform.custom_fields.filters import parse_filters
from crm_platform.custom_fields.schemas import CustomFields
from crm_platform.customers.module_filters import module_filters, parse_module_filters
from crm_platform.customers.standard_fields import INDUSTRIES, SOURCES, website_field
from crm_platform.identity.companies import validate_credit_code
from crm_platform.identity.phones import validate_phone
from crm_platform.models.customers import ACTIVITY_KINDS, ACTIVITY_STATUSES, KINDS, LEVELS, STATUSES
from crm_platform.regions import divisions
from crm_platform.schemas import BaseSchema, QuerySchema, UserRefSchema, page_schema

SORTS = ("name", "-name", "pinyin", "-pinyin", "created_at", "-created_at", "updated_at", "-updated_at",
         "last_contacted_at", "-last_contacted_at", "next_follow_up_at", "-next_follow_up_at")


def _text(max_len, **kw):
    kw.setdefault("validate", validate.Length(max=max_len))
    return fields.Str(allow_none=True, **kw)


def _division_code():
    return fields.Str(allow_none=True, validate=validate.Regexp(r"^\d{6}$"),
                      metadata={"description": "6-digit administrative division code (GET /divisions)"})


def _division_name(code_field):
    return fields.Function(lambda customer: divisions.name(getattr(customer, code_field)), dump_only=True, allow_none=True,
                           metadata={"type": "string", "description": f"the name of {code_field}; null without one"})


class CustomerSchema(BaseSchema):
    """A customer account, as read and written through the API and forms."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Str(load_default="company", validate=validate.OneOf(KINDS))
    region = _text(100, metadata={"description": "one of the workspace's sales regions; "
                                              "set from the province when the province is in one"})
    status = fields.Str(load_default="following", validate=validate.OneOf(STATUSES))
    level = fields.Str(load_default="potential", validate=validate.OneOf(LEVELS))
    owner_id = fields.Int(allow_none=True, metadata={"description": "defaults to the caller"})
    owner = fields.Nested(UserRefSchema, dump_only=True, allow_none=True)
    phone = _text(50, validate=[validate.Length(max=50), validate_phone],
                  metadata={"description": "checked in the workspace's phone region (phone_region, default CN)"})
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    credit_code = fields.Str(allow_none=True, validate=[validate.Length(max=40), validate_credit_code],
                             metadata={"description": "Unified Social Credit Code (统一社会信用代码) of a company; "
                                                      "unique in the workspace"})
    address = _text(500)
    notes = _text(10000)
    care_date = fields.Date(allow_none=True, validate=validate.Range(min=date(1800, 1, 1), max=date(2200, 1, 1)),
                            metadata={"description": "birthday or founding date"})
    tags = fields.List(fields.Str(validate=validate.Length(min=1, max=50)), validate=validate.Length(max=30))
    industry = fields.Str(allow_none=True, validate=validate.OneOf(INDUSTRIES))
    source = fields.Str(allow_none=True, validate=validate.OneOf(SOURCES),
                        metadata={"description": "where the customer came from"})
    mobile = _text(50, validate=[validate.Length(max=50), validate_phone])
    wechat = _text(50, metadata={"description": "WeChat ID"})
    website = website_field()
    province_code = _division_code()
    city_code = _division_code()
    district_code = _division_code()
    province = _division_name("province_code")
    city = _division_name("city_code")
    district = _division_name("district_code")
    custom_fields = CustomFields("customer")
    last_contacted_at = fields.DateTime(dump_only=True, allow_none=True,
                                        metadata={"description": "the latest logged activity's time"})
    next_follow_up_at = fields.DateTime(dump_only=True, allow_none=True,
                                        metadata={"description": "the earliest open follow-up's due time"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    allow_duplicate = fields.Bool(load_only=True, load_default=False, metadata={
        "description": "create the customer although an existing one has the same credit code, email, phone "
                       "or name (otherwise such a request is refused with 409)"})

    @validates_schema
    def _credit_code_of_companies(self, data, **_kwargs):
        """Only companies have a credit code."""
        if data.get("credit_code") and data.get("kind") == "person":
            raise ValidationError({"credit_code": [_("Only companies have a credit code.")]})


class CustomerQuerySchema(QuerySchema):
    """Search, filters and sort of the customer list."""

    q = fields.Str(metadata={"description": "matches the name (also by pinyin or initials), phone digits or email "
                                           "of the customer or of one of its contacts"})
    status = fields.Str(validate=validate.OneOf(STATUSES))
    level = fields.Str(validate=validate.OneOf(LEVELS))
    region = fields.Str(metadata={"description": "a sales region's name"})
    province_code = fields.Str()
    industry = fields.Str(validate=validate.OneOf(INDUSTRIES))
    source = fields.Str(validate=validate.OneOf(SOURCES))
    owner_id = fields.Int()
    org_unit_id = fields.Int(metadata={"description": "owners in this unit or below"})
    tag = fields.Str()
    no_contact_days = fields.Int(validate=validate.Range(min=1, max=3650), metadata={
        "description": "only customers with no logged activity in this many days (or ever)"})
    follow_up_overdue = fields.Bool(metadata={"description": "only customers whose next follow-up is overdue"})
    sort = fields.Str(load_default="name", validate=validate.OneOf(SORTS), metadata={
        "description": "last_contacted_at and next_follow_up_at put customers without one last, either way"})


class CustomerFiltersSchema(CustomerQuerySchema):
    """The list's filters, custom fields' included, for work on every match (an export, a bulk action).

    Ordered by id, so there is no sort or page; unknown fields are refused
    (422), unlike the list's query string.
    """

    class Meta:
        """Unknown fields are refused; the page fields do not apply."""

        unknown = RAISE
        exclude = ("cursor", "limit", "sort")

    custom_fields = fields.Dict(keys=fields.Str(), values=fields.Str(), metadata={
        "description": "custom field filters as in the list: {\"cf_grade\": \"A\", \"cf_budget_min\": \"1000\"}"})
    module_filters = fields.Dict(keys=fields.Str(), values=fields.Str(), metadata={
        "description": "the filters the workspace's modules add to the list (crm_customer_filters), as in the "
                       "list: {\"insights_class\": \"A\"}"})

    @validates_schema
    def _known_custom_filters(self, data, **_kwargs):
        """A bad custom field filter is a 422 now (its error under its cf_… name, as in the list), not a failed job."""
        parse_filters("customer", data.get("custom_fields") or {})

    @validates_schema
    def _known_module_filters(self, data, **_kwargs):
        """So is a module filter no enabled module offers the caller, or a value not among its choices."""
        if data.get("module_filters"):
            parse_module_filters(module_filters(current_user), data["module_filters"])


class CountSchema(BaseSchema):
    """How many customers match."""

    count = fields.Int()


class ReassignSchema(BaseSchema):
    """A new owner for a customer."""

    owner_id = fields.Int(required=True)


class ContactSchema(BaseSchema):
    """A person at a customer."""

    id = fields.Int(dump_only=True)
    customer_id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    title = _text(100)
    phone = _text(50, validate=[validate.Length(max=50), validate_phone])
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    custom_fields = CustomFields("contact")
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


def _moment(**kw):
    """A date and time (UTC when it has no offset) in the years the database can shift to UTC."""
    return fields.AwareDateTime(default_timezone=timezone.utc, allow_none=True,
                                validate=validate.Range(min=datetime(1900, 1, 1, tzinfo=timezone.utc),
                                                        max=datetime(2200, 1, 1, tzinfo=timezone.utc)), **kw)


class ActivityContactSchema(BaseSchema):
    """The contact person an activity was with."""

    id = fields.Int()
    name = fields.Str()


class ActivitySchema(BaseSchema):
    """A contact record on the customer's timeline: logged (done) or planned (a follow-up)."""

    id = fields.Int(dump_only=True)
    customer_id = fields.Int(dump_only=True)
    kind = fields.Str(required=True, validate=validate.OneOf(ACTIVITY_KINDS))
    status = fields.Str(load_default="done", validate=validate.OneOf(ACTIVITY_STATUSES),
                        metadata={"description": "done (logged, the default) or planned (a follow-up due at due_at)"})
    occurred_at = _moment(metadata={"description": "when it happened; required when done, null while planned"})
    due_at = _moment(metadata={"description": "when a planned activity is due; required when planned"})
    contact_id = fields.Int(allow_none=True, metadata={"description": "a contact of the same customer"})
    contact = fields.Nested(ActivityContactSchema, dump_only=True, allow_none=True)
    subject = _text(200)
    outcome = _text(10000)
    next_step = _text(10000)
    next_step_due_at = _moment(metadata={"description": "makes the next step a follow-up due then"})
    next_step_done_at = fields.DateTime(dump_only=True, allow_none=True)
    follow_up_at = fields.DateTime(dump_only=True, allow_none=True,
                                   metadata={"description": "when this is an open follow-up: its due time, else null"})
    user = fields.Nested(UserRefSchema, dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)

    @validates_schema(skip_on_field_errors=False)
    def _times_fit_the_status(self, data, partial=None, **kwargs):
        """A new activity needs occurred_at when done and due_at when planned (the service checks edits)."""
        if partial:
            return
        errors = activity_time_errors(data.get("status"), data.get("occurred_at"), data.get("due_at"),
                                      data.get("next_step"), data.get("next_step_due_at"))
        if errors:
            raise ValidationError(errors)


def activity_time_errors(status, occurred_at, due_at, next_step, next_step_due_at):
    """{field: [message]} of what an activity in `status` lacks; empty when it is complete."""
    errors = {}
    if status == "done" and occurred_at is None:
        errors["occurred_at"] = [str(_l("A logged activity needs the time it happened."))]
    if status == "planned" and due_at is None:
        errors["due_at"] = [str(_l("A planned activity needs a due time."))]
    if next_step_due_at is not None and not next_step:
        errors["next_step"] = [str(_l("Say what the next step is, or leave its due time empty."))]
    return errors


class CompleteFollowUpSchema(BaseSchema):
    """Completing a follow-up: a planned activity becomes logged; a dated next step is closed."""

    occurred_at = _moment(metadata={"description": "when a planned activity happened (default: now)"})
    outcome = _text(10000)


class ShareSchema(BaseSchema):
    """A user a customer is shared with."""

    user_id = fields.Int(required=True)
    user = fields.Nested(UserRefSchema, dump_only=True)
    created_at = fields.DateTime(dump_only=True)


CustomerPageSchema = page_schema(CustomerSchema, "CustomerPage")
ContactPageSchema = page_schema(ContactSchema, "ContactPage")
ActivityPageSchema = page_schema(ActivitySchema, "ActivityPage")
SharePageSchema = page_schema(ShareSchema, "SharePage")
