"""The audit trail as people read it: users, units and customers by name, fields by label.

Entries keep raw ids and unit paths (they must outlive renames and deletions);
this module resolves them when a page or the API shows them, in one query per
kind of record for a whole page of entries. An id whose record is gone shows
as "#<id>".
"""
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select

from crm_platform.custom_fields.filters import PREFIX as CUSTOM_PREFIX
from crm_platform.custom_fields.values import definitions
from crm_platform.customers.standard_fields import INDUSTRY_LABELS, SOURCE_LABELS
from crm_platform.extensions import db
from crm_platform.models import Customer, OrgUnit, User
from crm_platform.regions import divisions

# Fields whose values are ids of users, units or customers, wherever they appear.
USER_FIELDS = {"owner_id", "user_id", "uploaded_by", "done_by", "actor_id", "author_id", "assignee_id"}
UNIT_FIELDS = {"org_unit_id", "parent_id", "unit_id", "pool_unit_id"}
CUSTOMER_FIELDS = {"customer_id", "merged_id", "merged_into"}
PATH_FIELDS = {"path"}
FIELD_LABELS = {
    "owner_id": _l("Owner"), "user_id": _l("User"), "uploaded_by": _l("Uploaded by"), "done_by": _l("Done by"),
    "org_unit_id": _l("Unit"), "parent_id": _l("Parent unit"), "path": _l("Place in the org chart"),
    "customer_id": _l("Customer"), "merged_id": _l("Merged customer"), "merged_into": _l("Merged into"),
    "name": _l("Name"), "kind": _l("Kind"), "region": _l("Region"), "status": _l("Status"), "level": _l("Level"),
    "phone": _l("Phone"), "email": _l("Email"), "address": _l("Address"), "notes": _l("Notes"),
    "care_date": _l("Birthday or founding date"), "tags": _l("Tags"), "title": _l("Title"), "role": _l("Role"),
    "active": _l("Active"), "content_type": _l("File type"), "size": _l("Size (bytes)"),
    "merged_name": _l("Merged customer's name"), "merged_into_name": _l("Merged into (name)"),
    "moved": _l("Moved"), "filled": _l("Fields filled in"),
    "credit_code": _l("Unified Social Credit Code"), "industry": _l("Industry"), "source": _l("Source"),
    "mobile": _l("Mobile"), "wechat": _l("WeChat ID"), "website": _l("Website"), "province_code": _l("Province"),
    "city_code": _l("City"), "district_code": _l("District"), "pool_unit_id": _l("Pool"),
    "pooled_at": _l("In the pool since"), "assigned_at": _l("Assigned on"), "prefix": _l("Starts with"),
}
# What a merge moved (merge/service.py MOVES), by the key its audit entry counts it under.
MOVED_LABELS = {
    "contacts": _l("Contacts"), "activities": _l("Contact records"), "shares": _l("Shares"), "tags": _l("Tags"),
    "reminders": _l("Care reminders"), "attachments": _l("Attachments"), "pool moves": _l("Pool history"),
    "custom field values": _l("Custom field values"),
}
# Choice fields whose stored keys read as labels; division codes read as names.
CHOICE_LABELS = {"industry": INDUSTRY_LABELS, "source": SOURCE_LABELS}
DIVISION_FIELDS = {"province_code", "city_code", "district_code"}


def _unit_ids_in(path):
    """The unit ids of a path such as "/1/4/9/"."""
    return [int(part) for part in str(path or "").strip("/").split("/") if part.isdigit()]


class Names:
    """The names of every user, unit and customer a page of entries mentions, looked up once."""

    def __init__(self, entries, extra_users=()):
        users, units, customers = set(extra_users), set(), set()
        for entry in entries:
            users.add(entry.actor_id)
            for field, values in _values_by_field(entry):
                for value in values:
                    if field in USER_FIELDS:
                        users.add(value)
                    elif field in UNIT_FIELDS:
                        units.add(value)
                    elif field in CUSTOMER_FIELDS:
                        customers.add(value)
                    elif field in PATH_FIELDS:
                        units.update(_unit_ids_in(value))
        self.users = _names(User, users)
        self.units = _names(OrgUnit, units)
        self.customers = _names(Customer, customers)

    @classmethod
    def for_users(cls, user_ids):
        """Names of these users only (no entries)."""
        return cls([], extra_users=user_ids)

    def user(self, user_id):
        """A user's name, or "#id" once the user is gone."""
        return self.users.get(user_id) or f"#{user_id}"

    def actor(self, entry):
        """Who made the change: a user's name, or "System" for the CRM's own scheduled work."""
        return _("System") if entry.actor_id is None else self.user(entry.actor_id)

    def value(self, field, value):
        """`value` of `field` as a person reads it."""
        if field == "moved" and isinstance(value, dict):
            return {moved_label(key): count for key, count in value.items()}
        if field == "filled" and isinstance(value, dict):
            return {label(key): self.value(key, filled) for key, filled in value.items()}
        if value is None or isinstance(value, bool) or not isinstance(value, (int, str)):
            return value
        if field in USER_FIELDS and isinstance(value, int):
            return self.user(value)
        if field in UNIT_FIELDS and isinstance(value, int):
            return self.units.get(value) or f"#{value}"
        if field in CUSTOMER_FIELDS and isinstance(value, int):
            return self.customers.get(value) or f"#{value}"
        if field in PATH_FIELDS:
            return " › ".join(self.units.get(unit_id) or f"#{unit_id}" for unit_id in _unit_ids_in(value))
        if field in CHOICE_LABELS:
            return str(CHOICE_LABELS[field].get(value, value))
        if field in DIVISION_FIELDS:
            return divisions.name(value) or value
        return value

    def rows(self, entry):
        """(label, old, new) of each change of `entry`, named; creates and deletes have one side."""
        changes = entry.changes or {}
        rows = []
        for field, change in sorted(changes.items()):
            if entry.action == "update" and isinstance(change, (list, tuple)) and len(change) == 2:
                old, new = change
            elif entry.action == "delete":
                old, new = change, None
            else:
                old, new = None, change
            rows.append((label(field, entry.entity), self.value(field, old), self.value(field, new)))
        return rows


def moved_label(key):
    """The label of one kind of row a merge moved (a module's own key as it is)."""
    return str(MOVED_LABELS.get(key, key))


def label(field, entity=None):
    """The label of a recorded field: a custom field's own (of `entity`'s fields), a plugin's field's name."""
    if field.startswith(CUSTOM_PREFIX):
        key = field[len(CUSTOM_PREFIX):]
        for entity in (entity,) if entity in ("customer", "contact") else ("customer", "contact"):
            for definition in definitions(entity):
                if definition.key == key:
                    return definition.label
    return str(FIELD_LABELS.get(field, field))


def _values_by_field(entry):
    """(field, [values]) of an entry's changes: one value for creates and deletes, old and new for updates."""
    for field, change in (entry.changes or {}).items():
        values = change if entry.action == "update" and isinstance(change, (list, tuple)) else [change]
        yield field, [v for v in values if isinstance(v, (int, str)) and not isinstance(v, bool)]


def _names(model, ids):
    """{id: name} of the `model` rows among `ids` (strings and gone rows left out), in one query."""
    ids = {i for i in ids if isinstance(i, int) and not isinstance(i, bool)}
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


ENTRY_FIELDS = ("id", "actor_id", "action", "entity", "entity_id", "summary", "changes", "created_at")


def readable_entries(entries):
    """`entries` as dicts for the API: the raw entry plus `actor_name` and `readable` changes."""
    names = Names(entries)
    return [{**{key: getattr(entry, key) for key in ENTRY_FIELDS}, "actor_name": names.actor(entry),
             "readable": [{"label": label, "old": old, "new": new} for label, old, new in names.rows(entry)]}
            for entry in entries]
