"""Company identity: names as duplicates are found by, and the Unified Social Credit Code (统一社会信用代码)."""
import re
import unicodedata

from flask_babel import gettext as _
from marshmallow import ValidationError
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

KEY_LENGTH = 255
# Legal forms that say nothing about which company it is, longest first so
# that 股份有限公司 is taken whole rather than as 有限公司.
LEGAL_SUFFIXES = ("集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司",
                  "co., ltd.", "co., ltd", "co.,ltd.", "co.,ltd", "co. ltd.", "co. ltd", "co ltd",
                  "company limited", "limited", "ltd.", "ltd")
# Bracket styles written for the same thing: （） 【】 〔〕 [] all compare as ().
_OPENING = str.maketrans({c: "(" for c in "[【〔〖「"} | {c: ")" for c in "]】〕〗」"})
_SPACE_AROUND_BRACKETS = re.compile(r"\s*([()])\s*")
_TRAILING = re.compile(r"[\s,.;:，。、]+$")


def _folded(value):
    """`value` with full-width forms as their ASCII twins, case-folded, white space runs as one space."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value or "").casefold())
    return " ".join(text.split())


def company_name_key(value):
    """The name as duplicates are found by: 阿里巴巴（中国）有限公司 and 阿里巴巴(中国) are one; or None."""
    text = _SPACE_AROUND_BRACKETS.sub(r"\1", _folded(value).translate(_OPENING))
    stripped = _TRAILING.sub("", text)
    for suffix in LEGAL_SUFFIXES:
        if stripped.endswith(suffix) and len(stripped) > len(suffix):
            stripped = _TRAILING.sub("", stripped[:-len(suffix)])
            break
    return (stripped or text)[:KEY_LENGTH] or None


def credit_code(value):
    """The code as stored: upper case without spaces or dashes, or None when empty."""
    return uscc.compact(value) if value and value.strip() else None


def validate_credit_code(value):
    """A marshmallow validator: a field error unless `value` is empty or a code whose check digit is right."""
    if not value or not value.strip():
        return
    try:
        uscc.validate(value)
    except StdnumError:
        raise ValidationError(_("This is not a valid Unified Social Credit Code (18 characters with a "
                                "correct check digit).")) from None
