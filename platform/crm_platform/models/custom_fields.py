"""Custom fields: the definitions admins add to customers, contacts and plugin records, and their values.

Values live in one typed table, one row per value (one per chosen option of a
multi-choice field), with a column per kind of value. Every index leads with
tenant_id and field_id and then the value, so a filter on one field reads only
that field's matching rows, however many fields and records the workspace has.
See docs/custom-fields.md.
"""
from sqlalchemy import JSON, Boolean, Date, Index, Integer, Numeric, String, UniqueConstraint, and_
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from crm_platform.extensions import db
from crm_platform.models.base import created_at, same_tenant_fk, updated_at
from crm_platform.models.customers import Contact, Customer
from crm_platform.tenancy import TenantScoped

TEXT_LENGTH = 255  # 255 CJK characters are 765 bytes: well inside PostgreSQL's B-tree row limit


class CustomFieldDefinition(TenantScoped, db.Model):
    """A field an admin added to an entity ("customer", "contact", or a plugin's, e.g. "crm_feedback.note")."""

    __tablename__ = "custom_field_definitions"
    __audit__ = "custom_field"
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "entity", "key"),
        Index("ix_custom_field_definitions_tenant_entity", "tenant_id", "entity", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(20))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    # The default and the choices as JSON: a default is typed like a value, choices are a list of strings.
    default = mapped_column(JSON)
    choices = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at = created_at()
    updated_at = updated_at()


class CustomFieldValue(TenantScoped, db.Model):
    """One value of one custom field on one record; the column used follows the field's type."""

    __tablename__ = "custom_field_values"
    __table_args__ = (
        same_tenant_fk("field_id", "custom_field_definitions.id", ondelete="CASCADE"),
        Index("ix_custom_field_values_tenant_record", "tenant_id", "entity", "record_id"),
        Index("ix_custom_field_values_tenant_text", "tenant_id", "field_id", "value_text", "record_id"),
        Index("ix_custom_field_values_tenant_number", "tenant_id", "field_id", "value_number", "record_id"),
        Index("ix_custom_field_values_tenant_date", "tenant_id", "field_id", "value_date", "record_id"),
        Index("ix_custom_field_values_tenant_bool", "tenant_id", "field_id", "value_bool", "record_id"),
        Index("ix_custom_field_values_tenant_user", "tenant_id", "field_id", "value_user_id", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[int]
    field_id: Mapped[int]
    value_text: Mapped[str | None] = mapped_column(String(TEXT_LENGTH))
    value_number = mapped_column(Numeric(24, 6))
    value_date = mapped_column(Date)
    value_bool: Mapped[bool | None] = mapped_column(Boolean)
    value_user_id: Mapped[int | None]


def _values_of(model, entity):
    """A read-only relationship from `model` to its value rows (no foreign key: the table serves every entity)."""
    return relationship(
        CustomFieldValue, viewonly=True, order_by=CustomFieldValue.id,
        primaryjoin=lambda: and_(foreign(CustomFieldValue.record_id) == model.id, CustomFieldValue.entity == entity))


# Declared here rather than in models/customers.py so the customer models stay unaware of custom fields.
Customer.custom_value_rows = _values_of(Customer, "customer")
Contact.custom_value_rows = _values_of(Contact, "contact")
