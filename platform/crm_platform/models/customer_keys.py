"""A customer's derived keys: what finds its duplicates and what the search box matches.

Computed in Python from the customer's own fields (identity/ does the Chinese
specifics: phones, pinyin, company names, credit codes), so every database
compares them alike. The model's validators keep them in step on every write;
Core bulk inserts add them with `customer_keys`.
"""
import unicodedata

from crm_platform.identity.companies import company_name_key, credit_code
from crm_platform.identity.phones import phone_digits, phone_key
from crm_platform.identity.pinyin import name_initials, name_pinyin

KEY_LENGTH = 255


def _folded(value):
    """`value` as compared: full-width forms as their ASCII twins, case-folded, white space runs as one space."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value or "").casefold())
    return " ".join(text.split())[:KEY_LENGTH] or None


def email_key(value):
    """The email as duplicates are found by ("Öl@Beispiel.DE" is "öl@beispiel.de"), or None."""
    return _folded(value)


def name_key(value):
    """The name as duplicates are found by: 阿里巴巴（中国）有限公司 is "阿里巴巴(中国)" (identity/companies.py), or None."""
    return company_name_key(value)


# A customer's fields with a duplicate key, stored in the column `<field>_key`.
KEY_OF = {"email": email_key, "phone": phone_key, "mobile": phone_key, "name": name_key}
# Keys the list's search matches (identity/): the phone's digits, the name's pinyin and initials.
SEARCH_KEYS_OF = {"phone": {"phone_digits": phone_digits},
                  "name": {"name_pinyin": name_pinyin, "name_initials": name_initials}}
# A customer also has a mobile, searched by its digits as well.
CUSTOMER_SEARCH_KEYS_OF = {**SEARCH_KEYS_OF, "mobile": {"mobile_digits": phone_digits}}
# What makes a customer a duplicate, the most certain first (the import's matching, the form's
# warning): {kind: the fields whose keys count}. A phone matches a mobile and the other way
# round: Chinese customers give either as "the" number.
DUPLICATE_KINDS = {"credit_code": ("credit_code",), "email": ("email",), "phone": ("phone", "mobile"),
                   "name": ("name",)}


def key_column(field):
    """The name of the column that holds `field`'s duplicate key."""
    return "credit_code" if field == "credit_code" else f"{field}_key"


def duplicate_key_values(values):
    """[(kind, key)] of a customer's or a file row's {field: value}, most certain kind first, no repeats."""
    found = []
    for kind, names in DUPLICATE_KINDS.items():
        for name in names:
            key = credit_code(values.get(name)) if name == "credit_code" else KEY_OF[name](values.get(name))
            if key is not None and (kind, key) not in found:
                found.append((kind, key))
    return found


def duplicate_keys(values):
    """The duplicate-key columns for a customer's {field: value}."""
    return {f"{field}_key": key_of(values.get(field)) for field, key_of in KEY_OF.items()}


def search_keys(values, keys_of=SEARCH_KEYS_OF):
    """The search-key columns for a contact's (or, with CUSTOMER_SEARCH_KEYS_OF, a customer's) {field: value}."""
    return {column: key_of(values.get(field)) for field, keys in keys_of.items() for column, key_of in keys.items()}


def customer_keys(values):
    """Every derived column of a customer's {field: value}: what Core bulk inserts must add to their rows."""
    keys = {**duplicate_keys(values), **search_keys(values, CUSTOMER_SEARCH_KEYS_OF)}
    if "credit_code" in values:
        keys["credit_code"] = credit_code(values["credit_code"])
    return keys
