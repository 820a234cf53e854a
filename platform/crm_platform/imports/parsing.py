"""Reading uploaded customer files, streamed: CSV (UTF-8 or GB18030, delimiter sniffed) and .xlsx.

Nothing here holds a file's rows: `analyse` is the cheap first pass (format,
encoding, delimiter, headers, row count) and `data_rows` yields one row at a
time, so memory does not grow with the file. The one exception is openpyxl's
shared-strings table of an .xlsx, which it loads whole: archive.py caps it, and
the rest of the archive, before openpyxl opens a workbook (docs/imports.md).
"""
import csv
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice
from xml.etree.ElementTree import ParseError

import openpyxl
from flask_babel import gettext as _
from marshmallow import ValidationError
from openpyxl.utils.exceptions import InvalidFileException

from crm_platform.customers.export import FORMULA_STARTS
from crm_platform.imports.archive import archive_problem, limits

ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
# Chinese Excel saves "CSV" in GB18030 (a superset of GBK); everything else is UTF-8, with or without a BOM.
ENCODINGS = ("utf-8-sig", "gb18030")
DELIMITERS = ",;\t"
SNIFF_CHARS = 64 * 1024
MAX_COLUMNS = 500
# What zipfile and openpyxl raise on a damaged workbook: a broken zip or deflate
# stream, malformed XML, a missing part or attribute, a value of the wrong kind,
# an encrypted member (RuntimeError) or an unknown compression (NotImplementedError).
XLSX_ERRORS = (InvalidFileException, zipfile.BadZipFile, zlib.error, ParseError, EOFError, OSError, KeyError,
               IndexError, ValueError, TypeError, AttributeError, NotImplementedError, RuntimeError)


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
    """The first pass over a CSV file: the first encoding that decodes it whole, its delimiter, headers and rows."""
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


def _unreadable():
    """The file error of a workbook that zipfile or openpyxl cannot read."""
    return file_problem(_("This file is not a readable .xlsx workbook."))


@contextmanager
def _first_sheet(fh):
    """The first sheet of the workbook in the open binary file `fh`, read-only; 422 if too large or unreadable.

    The archive's sizes are checked before openpyxl reads anything (archive.py).
    A file, not a path: openpyxl refuses names not ending in .xlsx.
    """
    limit = limits()  # outside the try: no configuration is not a damaged file
    try:
        with zipfile.ZipFile(fh) as archive:
            problem = archive_problem(archive, limit)
        if problem is not None:
            raise file_problem(problem)
        fh.seek(0)
        book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except XLSX_ERRORS as exc:
        raise _unreadable() from exc
    # The <dimension> a file states may be wrong or missing: read every row instead of trusting it.
    sheet.reset_dimensions()
    try:
        yield sheet
    finally:
        book.close()


def _sheet_rows(sheet, first):
    """(row number, cell values) of `sheet` from row `first` to its last row; a damaged sheet is a file error."""
    try:
        yield from enumerate(sheet.iter_rows(min_row=first, values_only=True), first)
    except XLSX_ERRORS as exc:
        raise _unreadable() from exc


def _analyse_xlsx(path):
    """The first pass over an .xlsx file: the first sheet's headers, and its rows counted by reading them."""
    with open(path, "rb") as fh, _first_sheet(fh) as sheet:
        rows = _sheet_rows(sheet, 1)
        _number, headers = next(rows, (1, None))
        total = sum(1 for _row in rows)
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
    """`total` data rows, or the file error of a file with none."""
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
    with open(path, "rb") as fh, _first_sheet(fh) as sheet:
        yield ((number, _fit(list(cells), width)) for number, cells in _sheet_rows(sheet, skip + 2))
