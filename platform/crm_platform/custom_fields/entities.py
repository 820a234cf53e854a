"""The entities custom fields can be added to: customers and contacts, and those the workspace's modules declare."""
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# A module's entity is "<plugin>.<record>", e.g. crm_feedback.note.
ENTITY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class CustomFieldEntity:
    """A kind of record admins may add custom fields to; modules return these from crm_custom_field_entities."""

    key: str
    label: str


CORE_ENTITIES = (CustomFieldEntity("customer", _l("Customers")), CustomFieldEntity("contact", _l("Contacts")))


def _valid(entity):
    if not ENTITY_PATTERN.match(entity.key):
        raise ValueError(f"custom field entity {entity.key!r} must look like <plugin>.<record>")


def entities():
    """{key: CustomFieldEntity} of the core's entities and those of the modules this workspace enabled."""
    from crm_platform.modules.events import collect

    found = {entity.key: entity for entity in CORE_ENTITIES}
    for entity in collect("crm_custom_field_entities", CustomFieldEntity, valid=_valid):
        found.setdefault(entity.key, entity)
    return found
