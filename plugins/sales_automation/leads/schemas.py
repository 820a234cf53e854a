"""Marshmallow schemas of leads, their conversion, the assignees and the web forms (API and pages alike)."""
from flask import url_for
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, page_schema

from plugins.sales_automation.exact import money_amount
from plugins.sales_automation.models.leads import LEAD_STATUSES


def _text(max_len, **kw):
    return fields.Str(allow_none=True, validate=validate.Length(max=max_len), **kw)


class SalesLeadSchema(BaseSchema):
    """A lead: a person or company who may buy, before they become a customer."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200), metadata={"description": "the person"})
    company = _text(200)
    title = _text(100)
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = _text(50)
    region = _text(100, metadata={"description": "a sales region of the workspace (the assignment rule reads it)"})
    source = _text(30, metadata={"description": "where the lead came from (website, exhibition, referral, ...)"})
    notes = _text(10000)
    owner_id = fields.Int(allow_none=True, metadata={
        "description": "on creation, left out: the workspace's assignment rule, else the caller"})
    status = fields.Str(dump_only=True, metadata={"description": "new, working, qualified, disqualified, converted"})
    disqualify_reason = fields.Str(dump_only=True, allow_none=True)
    customer_id = fields.Int(dump_only=True, allow_none=True, metadata={"description": "set by the conversion"})
    contact_id = fields.Int(dump_only=True, allow_none=True)
    opportunity_id = fields.Int(dump_only=True, allow_none=True)
    converted_at = fields.DateTime(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class SalesLeadQuerySchema(QuerySchema):
    """Filters of the lead list, besides the cursor and page size."""

    status = fields.Str(validate=validate.OneOf(LEAD_STATUSES))
    owner_id = fields.Int()
    unassigned = fields.Bool(metadata={"description": "only leads with no owner"})
    source = fields.Str(validate=validate.Length(max=30))
    region = fields.Str(validate=validate.Length(max=100))
    q = fields.Str(validate=validate.Length(max=200), metadata={"description": "words in the name, company, email "
                                                                               "or phone"})


SalesLeadPageSchema = page_schema(SalesLeadSchema, "SalesLeadPage")


class SalesLeadDisqualifySchema(BaseSchema):
    """Why a lead is disqualified."""

    reason = fields.Str(required=True, validate=validate.Length(min=1, max=500))


class SalesLeadOpportunitySchema(BaseSchema):
    """The opportunity a conversion opens."""

    name = _text(200, metadata={"description": "defaults to the customer's name"})
    amount = money_amount(load_default=None, allow_none=True)
    expected_close = fields.Date(allow_none=True)
    pipeline_id = fields.Int(allow_none=True, metadata={"description": "defaults to the default pipeline"})


class SalesLeadConvertSchema(BaseSchema):
    """What a conversion makes: a customer (or a link to one), a contact, an opportunity."""

    customer_id = fields.Int(allow_none=True, metadata={
        "description": "link to this existing customer (one the caller may see) instead of creating one"})
    allow_duplicate = fields.Bool(load_default=False, metadata={
        "description": "create the customer although existing ones share its email, phone or name (else 409)"})
    contact = fields.Bool(load_default=True, metadata={"description": "add the lead's person as a contact"})
    opportunity = fields.Nested(SalesLeadOpportunitySchema, allow_none=True, load_default=None)


class SalesLeadDuplicateSchema(BaseSchema):
    """An existing customer the lead would duplicate; id and name are null for one the caller may not see."""

    id = fields.Int(allow_none=True)
    name = fields.Str(allow_none=True)
    fields_ = fields.List(fields.Str(), data_key="fields", attribute="fields",
                          metadata={"description": "the keys shared: credit_code, email, phone, name"})
    visible = fields.Bool()


class SalesLeadDuplicatesSchema(BaseSchema):
    """The customers a conversion would duplicate."""

    items = fields.List(fields.Nested(SalesLeadDuplicateSchema))


class SalesLeadAssigneeSchema(BaseSchema):
    """A user who takes new leads under the assignment rule, of one region or (region null) of every region."""

    id = fields.Int(dump_only=True)
    user_id = fields.Int(required=True)
    region = _text(100)
    last_assigned_at = fields.DateTime(dump_only=True, allow_none=True)


class SalesLeadFormSchema(BaseSchema):
    """A public web-to-lead form of the workspace."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    source = fields.Str(load_default="website", allow_none=True, validate=validate.Length(max=30))
    owner_id = fields.Int(allow_none=True, metadata={"description": "gets the leads no assignment rule gives"})
    thank_you = _text(500, metadata={"description": "shown after a visitor's post"})
    active = fields.Bool(load_default=True)
    token = fields.Str(dump_only=True)
    public_url = fields.Method("_public_url", dump_only=True, metadata={"description": "the page to embed"})
    created_at = fields.DateTime(dump_only=True)

    def _public_url(self, form):
        return url_for("sales_leads_public.form", token=form.token, _external=True)


class SalesLeadFormPostSchema(BaseSchema):
    """What a visitor types into a public form."""

    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    company = _text(200)
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = _text(50)
    region = _text(100)
    notes = _text(2000)
