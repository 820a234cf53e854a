"""Marshmallow schemas of imports (customers, and the import kinds of enabled plugins)."""
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from crm_platform.imports.mapping import FIELDS
from crm_platform.models.imports import FORMATS, ON_DUPLICATE
from crm_platform.tables import FORMATS as TABLE_FORMATS


class ImportRequestSchema(Schema):
    """A multipart upload: the kind of record, the file, how its columns map to fields, and what to do with duplicates."""

    kind = fields.Str(load_default="customers", metadata={
        "description": "what the rows are: customers (default), or the key of an enabled module's import kind "
                       "(GET /api/v1/imports/kinds)"})

    file = Upload(required=True, metadata={"description": "a CSV (UTF-8 or GB18030; comma, semicolon or tab) "
                                                          "or .xlsx file whose first row holds the headers"})
    mapping = fields.Str(load_default=None, allow_none=True, metadata={
        "description": "JSON object {column header: field name, or null to ignore the column}; it overrides "
                       "the mapping suggested from the headers. Customer fields: " + ", ".join(FIELDS)
                       + "; another kind's are listed by GET /api/v1/imports/kinds"})
    on_duplicate = fields.Str(load_default="skip", validate=validate.OneOf(ON_DUPLICATE), metadata={
        "description": "rows matching an existing customer by email, phone or name (another kind: its own "
                       "duplicates): skip them, update the customer, or create another one; a kind offers "
                       "the choices its on_duplicate lists"})


class CountsSchema(Schema):
    """Rows by outcome."""

    created = fields.Int()
    updated = fields.Int()
    skipped = fields.Int()
    failed = fields.Int()


class ImportBatchSchema(Schema):
    """An import batch: its file, mapping, progress and counts."""

    id = fields.Int()
    kind = fields.Str(metadata={"description": "the import kind: customers, or an enabled module's kind"})
    filename = fields.Str()
    format = fields.Str(metadata={"description": " or ".join(FORMATS)})
    headers = fields.List(fields.Str())
    mapping = fields.Dict(keys=fields.Str(), values=fields.Str())
    on_duplicate = fields.Str()
    status = fields.Str(metadata={"description": "draft (not started), queued, running, finished or failed"})
    total_rows = fields.Int(metadata={"description": "data rows in the file, blank ones included"})
    rows_done = fields.Int(metadata={"description": "the checkpoint: rows handled so far"})
    counts = fields.Nested(CountsSchema)
    job_id = fields.Int(allow_none=True, metadata={"description": "the latest run (GET /api/v1/jobs/<id>)"})
    file_available = fields.Bool(metadata={"description": "false once the uploaded file was deleted"})
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


class ReportQuerySchema(Schema):
    """The error report's file format."""

    format = fields.Str(load_default="csv", validate=validate.OneOf(TABLE_FORMATS),
                        metadata={"description": "csv (UTF-8 with a BOM) or xlsx"})


class ImportFieldSchema(Schema):
    """A field a column may be mapped to."""

    name = fields.Str()
    label = fields.Str()
    required = fields.Bool()


class ImportKindSchema(Schema):
    """A kind of record the user may import here."""

    key = fields.Str(metadata={"description": "the `kind` of POST /api/v1/imports"})
    label = fields.Str()
    import_fields = fields.List(fields.Nested(ImportFieldSchema), data_key="fields")
    on_duplicate = fields.List(fields.Str(), metadata={"description": "the duplicate rules this kind offers"})
