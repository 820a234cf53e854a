"""Marshmallow schemas of the surveys: the contact's answer on the public page, a survey out, the list filters."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, QuerySchema, page_schema

from plugins.service_support.surveys.service import state


class ServiceSurveyAnswerSchema(BaseSchema):
    """A contact's answer: a score from 1 (very unsatisfied) to 5 (very satisfied) and an optional comment."""

    score = fields.Int(required=True, strict=False, validate=validate.Range(min=1, max=5))
    comment = fields.Str(validate=validate.Length(max=2000))


class ServiceSurveySchema(BaseSchema):
    """A satisfaction survey of a resolved ticket: where it went, until when it works, and its answer."""

    id = fields.Int(dump_only=True)
    ticket_id = fields.Int(dump_only=True)
    customer_id = fields.Int(dump_only=True)
    contact_id = fields.Int(dump_only=True, allow_none=True)
    email = fields.Str(dump_only=True)
    state = fields.Method("survey_state", dump_only=True,
                          metadata={"description": "sending, sent, answered or expired"})
    sent_at = fields.DateTime(dump_only=True, allow_none=True)
    expires_at = fields.DateTime(dump_only=True)
    answered_at = fields.DateTime(dump_only=True, allow_none=True)
    score = fields.Int(dump_only=True, allow_none=True, metadata={"description": "1 (very unsatisfied) to 5"})
    comment = fields.Str(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)

    def survey_state(self, survey):
        """Where the survey stands."""
        found = state(survey)
        if found == "open":
            return "sent" if survey.sent_at is not None else "sending"
        return found


class ServiceSurveyQuerySchema(QuerySchema):
    """Filters of the survey list."""

    ticket_id = fields.Int()
    customer_id = fields.Int()
    answered = fields.Bool(metadata={"description": "only answered (true) or unanswered (false) surveys"})
    max_score = fields.Int(validate=validate.Range(min=1, max=5), metadata={"description": "scored this or lower"})


ServiceSurveyPageSchema = page_schema(ServiceSurveySchema, "ServiceSurveyPage")
