"""How a report's cells read: in the API's JSON, on the page, and in a downloaded CSV or .xlsx table.

Money stays a decimal string in JSON (never a float), percentages and days are
numbers; on the page every number is in the reader's format; in a download, text
cells are escaped against formula injection and numbers stay numbers.
"""
import io
from decimal import Decimal

from crm_platform.sdk import escape_cell, format_decimal, open_table

NO_VALUE = "–"
"""How a figure that does not exist (a rate of nothing) reads on the page."""


def month_label(month):
    """A month (its first day) as people read it in any language: 2026-03."""
    return month.strftime("%Y-%m")


def json_cell(kind, value):
    """A cell of `kind` as JSON: money a string with two places, percent and days numbers, a month ISO."""
    if value is None:
        return None
    if kind == "money":
        return str(value)
    if kind in ("percent", "days"):
        return float(value)
    if kind == "month":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return value if isinstance(value, (int, str)) else str(value)


def json_row(columns, row):
    """A row as JSON: the columns' cells, and any ids it carries (user_id, unit_id, stage_id, pipeline_id)."""
    if row is None:
        return None
    cells = {column["key"]: json_cell(column["kind"], row.get(column["key"])) for column in columns}
    cells.update({key: value for key, value in row.items() if key.endswith("_id")})
    return cells


def json_answer(answer):
    """The report's answer with its rows and totals as JSON values."""
    tables = [{**table, "rows": [json_row(table["columns"], row) for row in table["rows"]],
               "totals": json_row(table["columns"], table["totals"])} for table in answer["tables"]]
    return {**answer, "tables": tables}


def page_cell(kind, value):
    """A cell as the page shows it: numbers in the reader's format, money with two places, "–" for none."""
    if value is None:
        return NO_VALUE
    if kind == "money":
        return format_decimal(value, "#,##0.00")
    if kind in ("count", "percent", "days"):
        return format_decimal(value)
    if kind == "month" and hasattr(value, "strftime"):
        return month_label(value)
    return str(value)


def download_cell(value, kind="text"):
    """A cell of a download: numbers as they are, text escaped (a leading = would be a formula), none blank."""
    if kind == "month" and hasattr(value, "strftime"):
        return month_label(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    return escape_cell(value)


def write_download(answer, fmt):
    """The answer's tables as one CSV or .xlsx file (BytesIO): headings, rows, totals; a title row per table."""
    target = io.BytesIO()
    several = len(answer["tables"]) > 1
    with open_table(target, fmt, title=answer["title"]) as writer:
        for number, table in enumerate(answer["tables"]):
            if several:
                if number:
                    writer.writerow([])
                writer.writerow([download_cell(table["title"])])
            writer.writerow([download_cell(column["label"]) for column in table["columns"]])
            rows = table["rows"] + ([table["totals"]] if table["totals"] else [])
            for row in rows:
                writer.writerow([download_cell(row.get(column["key"]), column["kind"]) for column in table["columns"]])
    target.seek(0)
    return target
