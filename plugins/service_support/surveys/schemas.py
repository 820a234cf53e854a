"""Marshmallow schemas of the surveys: the contact's answer on the public page."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema


class ServiceSurveyAnswerSchema(BaseSchema):
    """A contact's answer: a score from 1 (very unsatisfied) to 5 (very satisfied) and an optional comment."""

    score = fields.Int(required=True, strict=False, validate=validate.Range(min=1, max=5))
    comment = fields.Str(validate=validate.Length(max=2000))
