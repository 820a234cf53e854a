"""Reading uploaded customer files, streamed: CSV (UTF-8 or GB18030, delimiter sniffed) and .xlsx.

Nothing here holds a file's rows: `analyse` is the cheap first pass (format,
encoding, delimiter, headers, row count) and `data_rows` yields one row at a
time, so memory does not grow with the file. The one exception is openpyxl's
shared-strings table of an .xlsx, which it loads whole (docs/imports.md).
"""
import csv
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice

import openpyxl
from flask_babel import gettext as _
from marshmallow import ValidationError
from openpyxl.utils.exceptions import InvalidFileException

from crm_platform.customers.export import FORMULA_STARTS

ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
# Chinese Excel saves "CSV" in GB18030 (a superset of GBK); everything else is UTF-8, with or without a BOM.
ENCODINGS = ("utf-8-sig", "gb18030")
DELIMITERS = ",;\t"
SNIFF_CHARS = 64 * 1024
MAX_COLUMNS = 500


@dataclass
class Analysis:
    """What the first pass learned about a file."""

    format: str
    headers: list
    total_rows: int
    encoding: str | None = None
    delimiter: str | None = None


def file_problem(message):
    """A ValidationError on the `file` field (422 in the API, shown next to the field on the page)."""
    return ValidationError({"file": [message]})


def analyse(path):
    """The first pass over an uploaded file: its format, headers and number of data rows; 422 if unreadable."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head:
        raise file_problem(_("The file is empty."))
    if head.startswith(ZIP_MAGIC):
        return _analyse_xlsx(path)
    if b"\x00" in head:
        # Old .xls, PDFs, images: binary data is never a CSV.
        raise file_problem(_("This is not a CSV or .xlsx file. Save it from your spreadsheet as .xlsx or CSV."))
    return _analyse_csv(path)


def _sniff_delimiter(sample):
    """The delimiter of a CSV sample: comma, semicolon or tab (comma when the sniffer cannot tell)."""
    cut = sample.rfind("\n")
    sample = sample[:cut] if cut > 0 else sample  # a cut-off last line confuses the sniffer
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _analyse_csv(path):
    for encoding in ENCODINGS:
        try:
            with open(path, encoding=encoding, newline="") as fh:
                delimiter = _sniff_delimiter(fh.read(SNIFF_CHARS))
            with open(path, encoding=encoding, newline="") as fh:
                reader = csv.reader(fh, delimiter=delimiter)
                headers = next(reader, None)
                total = sum(1 for _row in reader)
        except UnicodeDecodeError:
            continue
        except csv.Error as exc:
            raise file_problem(_("Line %(line)s of the CSV cannot be read: %(reason)s",
                                 line=reader.line_num, reason=str(exc))) from exc
        return Analysis("csv", _headers(headers), _check_rows(total), encoding, delimiter)
    raise file_problem(_("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 or as .xlsx."))


def _open_workbook(fh):
    """A read-only workbook on an open binary file (a file, not a path: openpyxl refuses names not ending in .xlsx)."""
    return openpyxl.load_workbook(fh, read_only=True, data_only=True)


def _analyse_xlsx(path):
    with open(path, "rb") as fh:
        try:
            book = _open_workbook(fh)
            sheet = book.worksheets[0]
            if sheet.max_row is None:  # no <dimension> in the file: count the rows instead
                sheet.reset_dimensions()
                sheet.calculate_dimension(force=True)
            headers = next(sheet.iter_rows(max_row=1, values_only=True), None)
            total = max((sheet.max_row or 0) - 1, 0)
            book.close()
        except (InvalidFileException, zipfile.BadZipFile, KeyError, IndexError, ValueError, TypeError) as exc:
            raise file_problem(_("This file is not a readable .xlsx workbook.")) from exc
    return Analysis("xlsx", _headers(headers), _check_rows(total))


def _headers(cells):
    """The header row as unique, non-empty names ("Column 3" for a blank one, "Email (2)" for a repeat)."""
    texts = [cell_text(cell).strip() for cell in cells or ()]
    while texts and not texts[-1]:
        texts.pop()
    if not texts:
        raise file_problem(_("The first row must hold the column headers; it is empty."))
    if len(texts) > MAX_COLUMNS:
        raise file_problem(_("The file has more than %(max)s columns.", max=MAX_COLUMNS))
    seen, headers = set(), []
    for number, text in enumerate(texts, 1):
        name = text[:200] or _("Column %(number)s", number=number)
        unique, copy = name, 1
        while unique.lower() in seen:
            copy += 1
            unique = f"{name} ({copy})"
        seen.add(unique.lower())
        headers.append(unique)
    return headers


def _check_rows(total):
    if total < 1:
        raise file_problem(_("The file has no rows under its header row."))
    return total


def cell_text(value):
    """A cell as text: numbers without a spurious ".0", Excel dates as ISO dates, export escapes undone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed into Excel comes back as 13800138000.0
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    text = str(value)
    # Our own export escapes formula-like cells with a leading quote; take it off again.
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _fit(cells, width):
    """Exactly `width` cells of text: short rows padded, extra cells dropped."""
    texts = [cell_text(cell) for cell in cells[:width]]
    return texts + [""] * (width - len(texts))


@contextmanager
def data_rows(path, batch, skip=0):
    """Yield an iterator of (row number, cells as text) after the first `skip` data rows of `batch`'s file.

    Row numbers are those a spreadsheet shows: the header is row 1.
    """
    width = len(batch.headers)
    if batch.format == "csv":
        with open(path, encoding=batch.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=batch.delimiter)
            next(reader, None)
            yield ((number, _fit(cells, width)) for number, cells in enumerate(islice(reader, skip, None), skip + 2))
        return
    with open(path, "rb") as fh:
        book = _open_workbook(fh)
        try:
            rows = book.worksheets[0].iter_rows(min_row=skip + 2, max_row=batch.total_rows + 1, values_only=True)
            yield ((number, _fit(list(cells), width)) for number, cells in enumerate(rows, skip + 2))
        finally:
            book.close()
