"""Tables people open in Excel, written as CSV (UTF-8 with a BOM) or .xlsx through one writer interface.

Both the customer export and the import error report write through
`open_table`. Cells arrive escaped against formula injection (customers/export.py's
`escape_cell`): in an .xlsx a text starting with "=" would otherwise become a
live formula. The .xlsx is written with openpyxl's write-only mode, which
streams rows to disk, so a million rows cost no more memory than ten.
"""
import csv
import io
from contextlib import contextmanager

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMATS = ("csv", "xlsx")
MIMETYPES = {"csv": "text/csv",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class XlsxTable:
    """One worksheet in write-only mode, with csv.writer's writerow/writerows."""

    def __init__(self, title):
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(title[:31])  # Excel's limit for sheet names

    def writerow(self, cells):
        """Append one row; control characters that XML cannot hold are dropped."""
        self.sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell
                           for cell in cells])

    def writerows(self, rows):
        """Append every row of `rows`."""
        for row in rows:
            self.writerow(row)


@contextmanager
def open_table(target, fmt, title="Sheet1"):
    """A writer of rows into `target` (a path, or a binary file object) as `fmt`; written out when the block ends."""
    if fmt == "xlsx":
        table = XlsxTable(title)
        yield table
        table.book.save(target)
        return
    if hasattr(target, "write"):
        text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
        yield csv.writer(text)
        text.flush()
        text.detach()  # leave the binary file open for the caller
        return
    # utf-8-sig writes the BOM (so Excel reads Chinese text); newline="" lets csv write its own \r\n.
    with open(target, "w", encoding="utf-8-sig", newline="") as out:
        yield csv.writer(out)
