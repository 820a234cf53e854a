"""Customers (accounts), their contacts, contact records, tags and shares."""
from sqlalchemy import Date, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from crm_platform.extensions import db
from crm_platform.identity.companies import credit_code
from crm_platform.models.base import UTCDateTime, created_at, same_tenant_fk, updated_at, utcnow
from crm_platform.models.customer_keys import (
    CUSTOMER_SEARCH_KEYS_OF, DUPLICATE_KINDS, KEY_LENGTH, KEY_OF, SEARCH_KEYS_OF, key_column,
)
from crm_platform.tenancy import TenantScoped

KINDS = ("company", "person")
STATUSES = ("signed", "following", "terminated")
LEVELS = ("effective", "potential", "intention")
ACTIVITY_KINDS = ("call", "visit", "email", "meeting")
# A planned activity is a follow-up due at `due_at`; a done one is logged at `occurred_at`.
ACTIVITY_STATUSES = ("planned", "done")


def duplicate_key_columns(kind):
    """The Customer columns a duplicate key of `kind` is looked up in."""
    return [getattr(Customer, key_column(field)) for field in DUPLICATE_KINDS[kind]]


def tag_list(values):
    """Tags as a customer keeps them: trimmed, without blanks or repeats, sorted."""
    return sorted({value.strip() for value in values if value and value.strip()})


class Customer(TenantScoped, db.Model):
    """A customer account: a company or a person the tenant sells to."""

    __tablename__ = "customers"
    __audit__ = "customer"
    # Derived from email, phone and name.
    __audit_exclude__ = ("email_key", "phone_key", "mobile_key", "name_key", "phone_digits", "mobile_digits",
                         "name_pinyin", "name_initials")
    __table_args__ = (
        UniqueConstraint("tenant_id", "id"),
        same_tenant_fk("owner_id", "users.id"),
        same_tenant_fk("pool_unit_id", "org_units.id"),
        Index("ix_customers_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_customers_tenant_pool", "tenant_id", "pool_unit_id", "pooled_at"),
        Index("ix_customers_tenant_name", "tenant_id", "name", "id"),
        Index("ix_customers_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_customers_tenant_updated", "tenant_id", "updated_at", "id"),
        Index("ix_customers_tenant_status", "tenant_id", "status"),
        Index("ix_customers_tenant_email", "tenant_id", "email"),
        Index("ix_customers_tenant_phone", "tenant_id", "phone"),
        Index("ix_customers_tenant_email_key", "tenant_id", "email_key"),
        Index("ix_customers_tenant_phone_key", "tenant_id", "phone_key"),
        Index("ix_customers_tenant_name_key", "tenant_id", "name_key"),
        Index("ix_customers_tenant_name_pinyin", "tenant_id", "name_pinyin", "id"),
        Index("ix_customers_tenant_name_initials", "tenant_id", "name_initials"),
        Index("ix_customers_tenant_phone_digits", "tenant_id", "phone_digits"),
        Index("ix_customers_tenant_mobile_key", "tenant_id", "mobile_key"),
        Index("ix_customers_tenant_mobile_digits", "tenant_id", "mobile_digits"),
        Index("uq_customers_tenant_credit_code", "tenant_id", "credit_code", unique=True),
        Index("ix_customers_tenant_region", "tenant_id", "region"),
        Index("ix_customers_tenant_last_contacted", "tenant_id", "last_contacted_at", "id"),
        Index("ix_customers_tenant_next_follow_up", "tenant_id", "next_follow_up_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="company")
    # The name of one of the workspace's sales regions (crm_platform/regions).
    region: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="following")
    level: Mapped[str] = mapped_column(String(20), default="potential")
    owner_id: Mapped[int | None]
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    care_date = mapped_column(Date)
    # Unified Social Credit Code (统一社会信用代码) of a company, stored compact and upper case.
    credit_code: Mapped[str | None] = mapped_column(String(18))
    # Standard fields (customers/standard_fields.py): industry and source are choice keys.
    industry: Mapped[str | None] = mapped_column(String(30))
    source: Mapped[str | None] = mapped_column(String(30))
    mobile: Mapped[str | None] = mapped_column(String(50))
    wechat: Mapped[str | None] = mapped_column(String(50))
    website: Mapped[str | None] = mapped_column(String(200))
    # 6-digit administrative division codes (crm_platform/regions/divisions.py).
    province_code: Mapped[str | None] = mapped_column(String(6))
    city_code: Mapped[str | None] = mapped_column(String(6))
    district_code: Mapped[str | None] = mapped_column(String(6))
    # Email, phone and name as duplicates are found by (an import's matching):
    # computed in Python by the key functions of customer_keys.py, so that every database
    # compares them alike, and kept in step by `_keep_keys`.
    email_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    phone_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    name_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    # What the list's search matches besides the name, phone and email as typed.
    phone_digits: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    name_pinyin: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    name_initials: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    mobile_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    mobile_digits: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    # The customer pool (pool/): when the owner got the customer (the "not signed
    # within M days" rule counts from it); while pooled, no owner, `pooled_at`
    # set and the pool's unit (None: the company's pool).
    assigned_at = mapped_column(UTCDateTime, default=utcnow)
    pooled_at = mapped_column(UTCDateTime)
    pool_unit_id: Mapped[int | None]
    # The latest logged activity and the earliest open follow-up, kept in step
    # with the activities by follow_ups/sync.py so the list sorts and filters on an index.
    last_contacted_at = mapped_column(UTCDateTime)
    next_follow_up_at = mapped_column(UTCDateTime)
    created_at = created_at()
    updated_at = updated_at()

    owner = relationship("User", foreign_keys="Customer.owner_id", primaryjoin="Customer.owner_id == User.id", viewonly=True)
    tag_rows = relationship("CustomerTag", cascade="all, delete-orphan", order_by="CustomerTag.tag",
                            primaryjoin="Customer.id == CustomerTag.customer_id", foreign_keys="CustomerTag.customer_id")
    contacts = relationship("Contact", cascade="all, delete-orphan", order_by="Contact.name",
                            primaryjoin="Customer.id == Contact.customer_id", foreign_keys="Contact.customer_id")
    activities = relationship("Activity", cascade="all, delete-orphan",
                              primaryjoin="Customer.id == Activity.customer_id", foreign_keys="Activity.customer_id")
    shares = relationship("CustomerShare", cascade="all, delete-orphan",
                          primaryjoin="Customer.id == CustomerShare.customer_id", foreign_keys="CustomerShare.customer_id")

    @validates(*KEY_OF)
    def _keep_keys(self, field, value):
        """Set the field's duplicate and search keys whenever the field is set (the constructor, the service, imports alike)."""
        setattr(self, f"{field}_key", KEY_OF[field](value))
        for column, key_of in CUSTOMER_SEARCH_KEYS_OF.get(field, {}).items():
            setattr(self, column, key_of(value))
        return value

    @validates("credit_code")
    def _compact_credit_code(self, field, value):
        """Store the credit code compact and upper case, and an empty one as none."""
        return credit_code(value)

    @property
    def tags(self):
        """The customer's tags, sorted."""
        return [row.tag for row in self.tag_rows]

    @tags.setter
    def tags(self, values):
        """Replace the tags, keeping rows for tags that stay."""
        # Remember the first value of this transaction for the audit trail; the
        # tag rows themselves are not audited one by one.
        self.__dict__.setdefault("_tags_before", self.tags)
        wanted = tag_list(values)
        kept = [row for row in self.tag_rows if row.tag in wanted]
        have = {row.tag for row in kept}
        self.tag_rows = kept + [CustomerTag(tag=t, tenant_id=self.tenant_id) for t in wanted if t not in have]


    def audit_extra(self, pop=False):
        """Audited values that are not columns: {"tags": (before this transaction, now)}."""
        before = self.__dict__.pop("_tags_before", None) if pop else self.__dict__.get("_tags_before")
        return {"tags": (self.tags if before is None else before, self.tags)}


class CustomerTag(TenantScoped, db.Model):
    """One tag on one customer; a table rather than JSON so tag filters use an index."""

    __tablename__ = "customer_tags"
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "customer_id", "tag"),
        Index("ix_customer_tags_tenant_tag", "tenant_id", "tag"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    tag: Mapped[str] = mapped_column(String(50))


class Contact(TenantScoped, db.Model):
    """A person at a customer."""

    __tablename__ = "contacts"
    __audit__ = "contact"
    __audit_exclude__ = ("phone_digits", "name_pinyin", "name_initials")  # derived from phone and name
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        Index("ix_contacts_tenant_customer", "tenant_id", "customer_id"),
        Index("ix_contacts_tenant_name_pinyin", "tenant_id", "name_pinyin"),
        Index("ix_contacts_tenant_phone_digits", "tenant_id", "phone_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(254))
    # Kept in step like the customer's: the customer search finds a customer by its contacts.
    phone_digits: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    name_pinyin: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    name_initials: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    created_at = created_at()
    updated_at = updated_at()

    @validates(*SEARCH_KEYS_OF)
    def _keep_keys(self, field, value):
        """Set the field's search keys whenever the field is set."""
        for column, key_of in SEARCH_KEYS_OF[field].items():
            setattr(self, column, key_of(value))
        return value


class Activity(TenantScoped, db.Model):
    """A contact record on the customer's timeline: a call, visit, email or meeting, planned or done."""

    __tablename__ = "activities"
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("user_id", "users.id"),
        Index("ix_activities_tenant_customer", "tenant_id", "customer_id", "occurred_at"),
        Index("ix_activities_tenant_user_follow_up", "tenant_id", "user_id", "follow_up_at", "id"),
        # The activities logged in a period (monthly rep performance), without reading every one.
        Index("ix_activities_tenant_occurred", "tenant_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    user_id: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="done", server_default="done")
    occurred_at = mapped_column(UTCDateTime)  # when it happened; null while planned
    due_at = mapped_column(UTCDateTime)  # when a planned one is due
    # The contact person it was with: a contact of the same customer (the service
    # checks it; no foreign key, so that deleting a contact or customer never
    # depends on the order rows go in), cleared when the contact is deleted.
    contact_id: Mapped[int | None]
    subject: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
    next_step_due_at = mapped_column(UTCDateTime)  # a dated next step is a follow-up until done
    next_step_done_at = mapped_column(UTCDateTime)
    # When this activity is an open follow-up: due_at while planned, else the
    # open next step's due time; null otherwise. Derived (follow_ups/sync.py).
    follow_up_at = mapped_column(UTCDateTime)
    created_at = created_at()

    user = relationship("User", foreign_keys="Activity.user_id", primaryjoin="Activity.user_id == User.id", viewonly=True)
    contact = relationship("Contact", foreign_keys="Activity.contact_id", primaryjoin="Activity.contact_id == Contact.id",
                           viewonly=True)
    customer = relationship("Customer", foreign_keys="Activity.customer_id",
                            primaryjoin="Activity.customer_id == Customer.id", viewonly=True)

    @property
    def is_planned(self):
        """True while the activity is planned, not yet done."""
        return self.status == "planned"


class CustomerShare(TenantScoped, db.Model):
    """An explicit grant: `user_id` may see the customer although they don't own it."""

    __tablename__ = "customer_shares"
    __audit__ = "customer_share"
    __table_args__ = (
        same_tenant_fk("customer_id", "customers.id", ondelete="CASCADE"),
        same_tenant_fk("user_id", "users.id", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "customer_id", "user_id"),
        Index("ix_customer_shares_tenant_user", "tenant_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]
    user_id: Mapped[int]
    created_at = created_at()

    user = relationship("User", foreign_keys="CustomerShare.user_id", primaryjoin="CustomerShare.user_id == User.id", viewonly=True)
