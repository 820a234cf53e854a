"""Marshmallow schemas of the runs API: a run, a page of runs, starting one."""
from datetime import date

from marshmallow import Schema, ValidationError, fields, validates

from crm_platform.sdk import BaseSchema, QuerySchema, lazy_gettext as _l, page_schema, workspace_today


EARLIEST_AS_OF = date(1900, 1, 1)
"""The first day a computation may be made as of: an analysis period reaches up to 120 months back from it, and the
year 1 has no months before it (the job failed on such a day instead of the request being refused)."""


class InsightsRunSchema(Schema):
    """One computation of the workspace's figures."""

    id = fields.Int()
    as_of = fields.Date(metadata={"description": "the day the figures are computed as of"})
    status = fields.Str(metadata={"description": "running, done or failed"})
    job_id = fields.Int(allow_none=True, metadata={"description": "the background job that ran it "
                                                                  "(GET /api/v1/jobs/<id> for its progress)"})
    started_by_id = fields.Int(allow_none=True, metadata={"description": "who started it; null for the nightly run"})
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    customers = fields.Int(allow_none=True, metadata={
        "description": "customers analysed (every customer of the workspace); null without insights.configure"})
    purchases = fields.Int(allow_none=True, metadata={
        "description": "purchases in the workspace currency up to as_of; null without insights.configure"})
    models = fields.Dict(allow_none=True, metadata={
        "description": "the fitted BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, v) parameters, whether they "
                       "converged, and what was left out and why (left_out.other_currencies: purchases in other "
                       "currencies by currency); null without insights.configure"})
    error = fields.Str(allow_none=True, metadata={"description": "why it failed; null without insights.configure"})


InsightsRunPageSchema = page_schema(InsightsRunSchema, "InsightsRunPage")


class InsightsRunQuerySchema(QuerySchema):
    """A page of runs, newest first."""


class InsightsRunStartSchema(BaseSchema):
    """Start a computation, as of today or a past day."""

    as_of = fields.Date(load_default=None, allow_none=True,
                        metadata={"description": "compute as of this day (default: today in the workspace)"})

    @validates("as_of")
    def _not_ahead(self, value, **_kwargs):
        """Purchases of days still to come are not known."""
        if value is not None and value > workspace_today():
            raise ValidationError(_l("The figures can be computed as of today or an earlier day."))
        if value is not None and value < EARLIEST_AS_OF:
            raise ValidationError(_l("The figures can be computed as of 1900-01-01 or a later day."))


class InsightsRunStartedSchema(Schema):
    """A computation was queued: follow its job."""

    job_id = fields.Int(metadata={"description": "GET /api/v1/jobs/<job_id> for its progress"})
    status = fields.Str(metadata={"description": "the job's status (queued)"})
    runs_page = fields.Str(metadata={"description": "the page listing the runs"})
    job_page = fields.Str(metadata={"description": "the core's jobs page, with the job's progress bar"})
