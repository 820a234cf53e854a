"""Marshmallow schemas of referrals (API and pages alike)."""
from marshmallow import ValidationError, fields, validate, validates_schema

from crm_platform.sdk import BaseSchema, QuerySchema, lazy_gettext as _l, page_schema

from plugins.customer_insights.purchases.schemas import not_after_today


class InsightsReferralInputSchema(BaseSchema):
    """A referral to record: who recommended the company, to whom (a customer or a name), when, and a note."""

    customer_id = fields.Int(required=True, metadata={"description": "the customer who recommended the company (one "
                                                                     "the caller may manage)"})
    referred_customer_id = fields.Int(load_default=None, allow_none=True,
                                      metadata={"description": "the customer they brought, if it is one (visible "
                                                               "to the caller); else give referred_name"})
    referred_name = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200),
                               metadata={"description": "whom they recommended us to, when not a customer (yet)"})
    referred_on = fields.Date(load_default=None, allow_none=True, validate=not_after_today,
                              metadata={"description": "the day of the referral; today when left out; not after the "
                                                       "workspace's today"})
    note = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=2000))

    @validates_schema
    def _one_referred(self, data, **kwargs):
        """The referred one is a customer or a name: exactly one of the two."""
        has_id, has_name = data.get("referred_customer_id") is not None, bool(data.get("referred_name"))
        if has_id == has_name:
            raise ValidationError(str(_l("Give either the referred customer or a name, one of the two.")),
                                  "referred_name")


class InsightsReferralSchema(BaseSchema):
    """A referral. The referred customer's id and name are null when the reader may not see that customer."""

    id = fields.Int(dump_only=True)
    customer_id = fields.Int(dump_only=True)
    referred_customer_id = fields.Int(dump_only=True, allow_none=True)
    referred_name = fields.Str(dump_only=True, allow_none=True)
    referred_on = fields.Date(dump_only=True)
    note = fields.Str(dump_only=True, allow_none=True)
    created_by_id = fields.Int(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class InsightsReferralQuerySchema(QuerySchema):
    """Filters of the referral list, besides the cursor and page size."""

    customer_id = fields.Int(metadata={"description": "only the referrals this customer made"})


InsightsReferralPageSchema = page_schema(InsightsReferralSchema, "InsightsReferralPage")
