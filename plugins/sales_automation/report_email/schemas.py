"""Marshmallow schemas of the report email: a user's subscription to it, read and changed."""
from marshmallow import fields

from crm_platform.sdk import BaseSchema


class SalesReportEmailSubscriptionSchema(BaseSchema):
    """The caller's subscription to the monthly team performance email."""

    subscribed = fields.Bool(required=True, metadata={"description": "false: the caller opted out"})
    recipient = fields.Bool(dump_only=True, metadata={
        "description": "whether the email is meant for the caller (a manager with a team, or an executive)"})
    last_sent_month = fields.Date(dump_only=True, allow_none=True, metadata={
        "description": "the first day of the latest month whose report the caller was sent"})
