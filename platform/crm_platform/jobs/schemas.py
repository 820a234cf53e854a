"""Marshmallow schemas of jobs."""
from marshmallow import Schema, fields, validate

from crm_platform.jobs.kinds import MAX_SELFTEST_DELAY
from crm_platform.schemas import BaseSchema, QuerySchema, page_schema


class ProgressSchema(Schema):
    """How far a job has got."""

    done = fields.Int()
    total = fields.Int(allow_none=True, metadata={"description": "null while the job does not know yet"})
    percent = fields.Int(allow_none=True, metadata={"description": "0 to 100; null while the total is unknown"})


class JobSchema(Schema):
    """A background job and its state; the result is the job kind's summary."""

    id = fields.Int()
    kind = fields.Str()
    status = fields.Str(metadata={"description": "queued, running, finished or failed"})
    user_id = fields.Int(allow_none=True, metadata={"description": "who started it; null for the workspace's scheduled jobs"})
    attempts = fields.Int(metadata={"description": "how many times a worker started it"})
    progress = fields.Method("_progress", metadata={"description": "done, total and percent"})
    params = fields.Dict()
    result = fields.Dict(allow_none=True)
    error = fields.Str(allow_none=True, metadata={"description": "why the job failed"})
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)

    def _progress(self, job):
        return ProgressSchema().dump({"done": job.progress_done, "total": job.progress_total,
                                      "percent": job.percent})


class SelftestSchema(BaseSchema):
    """Parameters of the self-test job."""

    count = fields.Int(load_default=3, validate=validate.Range(min=0, max=10_000))
    fail = fields.Str(allow_none=True, validate=validate.Length(max=500), metadata={"description": "raise this message at the end"})
    delay = fields.Float(load_default=0, validate=validate.Range(min=0, max=MAX_SELFTEST_DELAY),
                         metadata={"description": "seconds to wait before each step (at most 5), to watch progress"})


class JobQuerySchema(QuerySchema):
    """Which jobs to list, besides the cursor and page size."""

    scope = fields.Str(load_default="mine", validate=validate.OneOf(["mine", "workspace"]),
                       metadata={"description": "mine (default): the caller's jobs; workspace: the jobs the "
                                                "workspace runs itself, such as scheduled ones (admins only)"})


JobPageSchema = page_schema(JobSchema, "JobPage")
