"""Ids typed into query strings: what the module's pages take as an id before looking it up."""
import re

_ID = re.compile(r"[0-9]{1,18}")
"""ASCII digits only (str.isdigit takes '²', which int() refuses), and short enough for a 64-bit column."""


def query_id(text):
    """`text` as an id, or None when it cannot be one (empty, not ASCII digits, or past a 64-bit integer)."""
    text = str(text or "").strip()
    return int(text) if _ID.fullmatch(text) else None
