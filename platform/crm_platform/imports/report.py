"""The error report of an import: one line per row that was not imported, with the reason and its values.

CSV (UTF-8 with a BOM) or .xlsx, with formula-injection escaping, like the
customer export (customers/export.py), since people open it in Excel. It is
written to a temporary file in keyset batches, so a report of a million failed
rows costs no more memory than one of ten.
"""
import tempfile

from flask_babel import gettext as _
from sqlalchemy import select

from crm_platform.customers.export import escape_cell
from crm_platform.extensions import db
from crm_platform.models import ImportRowError
from crm_platform.tables import open_table

BATCH = 1000


def report_header(batch):
    """The report's header: row, reason, then the file's own columns."""
    return [_("Row"), _("Reason"), *batch.headers]


def write_report(batch, fmt="csv"):
    """The report of `batch` as `fmt` ("csv" or "xlsx") in an open binary temporary file, positioned at its start."""
    out = tempfile.TemporaryFile()
    with open_table(out, fmt, _("Rows not imported")) as writer:
        writer.writerow([escape_cell(cell) for cell in report_header(batch)])
        last = 0
        while True:
            rows = db.session.execute(
                select(ImportRowError.row_number, ImportRowError.reason, ImportRowError.values)
                .where(ImportRowError.batch_id == batch.id, ImportRowError.row_number > last)
                .order_by(ImportRowError.row_number).limit(BATCH)).all()
            if not rows:
                break
            writer.writerows([escape_cell(cell) for cell in (number, reason, *(values or []))]
                             for number, reason, values in rows)
            last = rows[-1].row_number
    out.seek(0)
    return out
