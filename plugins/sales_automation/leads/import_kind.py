"""Leads from CSV and .xlsx through the core's import flow: the `sales_automation_leads` import kind.

The core uploads, maps, previews and runs the batch in checkpointed chunks
(docs/imports.md); this kind says what a lead row is, which open leads it
duplicates (same email or phone, compared by the core's duplicate keys), and
writes each row through `create_lead`, like every other way leads come in.
"""
from flask import url_for
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import func, select
from werkzeug.routing import BuildError

from crm_platform.sdk import (
    ImportField, ImportKind, User, customer_source_key, db, email_key, gettext as _, lazy_gettext as _l, phone_key,
)

from plugins.sales_automation.leads.service import LeadError, check_owner, create_lead, lead_criterion
from plugins.sales_automation.models import Lead
from plugins.sales_automation.models.leads import OPEN_LEAD_STATUSES

FIELDS = (
    ImportField("name", _l("Name"), required=True,
                synonyms=("lead", "lead name", "contact", "contact name", "full name", "姓名", "名称", "线索", "联系人")),
    ImportField("company", _l("Company"), synonyms=("company name", "organisation", "organization", "account",
                                                    "公司", "公司名称", "单位", "企业名称")),
    ImportField("title", _l("Job title"), synonyms=("job title", "position", "职位", "职务", "头衔")),
    ImportField("email", _l("Email"), synonyms=("e mail", "email address", "mail", "邮箱", "电子邮件", "电子邮箱")),
    ImportField("phone", _l("Phone"), synonyms=("telephone", "tel", "mobile", "phone number", "电话", "手机",
                                                "手机号", "联系电话")),
    ImportField("region", _l("Region"), synonyms=("area", "地区", "区域")),
    ImportField("source", _l("Source"), synonyms=("lead source", "来源", "线索来源")),
    ImportField("notes", _l("Notes"), synonyms=("note", "remarks", "comments", "备注", "说明")),
    ImportField("owner", _l("Owner (user email)"), synonyms=("owner email", "负责人邮箱", "负责人")),
)


class SalesLeadImportSchema(Schema):
    """A lead row of an import file, checked as a new lead's fields."""

    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    company = fields.Str(validate=validate.Length(max=200))
    title = fields.Str(validate=validate.Length(max=100))
    email = fields.Email(validate=validate.Length(max=254))
    phone = fields.Str(validate=validate.Length(max=50))
    region = fields.Str(validate=validate.Length(max=100))
    source = fields.Str(validate=validate.Length(max=30))
    notes = fields.Str(validate=validate.Length(max=10_000))


class LeadImport(ImportKind):
    """Leads: created, or skipped when they duplicate an open lead (or created anyway, as the user chooses)."""

    key = "sales_automation_leads"
    label = _l("Leads")
    title = _l("Import leads")
    on_duplicate = ("skip", "create")
    duplicate_question = _l("When a row matches an open lead by email or phone")
    list_endpoint = "sales_leads.index"

    def job_label(self):
        """The Jobs page's name for a lead import."""
        return _l("Lead import")

    def back_label(self):
        """The status page's link back to the leads."""
        return _l("Back to the leads")

    def fields(self):
        """The lead fields a column may go to; the owner is a user's email."""
        return list(FIELDS)

    def schema(self):
        """The lead row schema."""
        return SalesLeadImportSchema()

    def load_row(self, raw, reader):
        """The row's lead fields; the owner (an email) becomes owner_id, each email looked up once per run."""
        owner_email = raw.pop("owner", None)
        if raw.get("source"):
            # A source people wrote ("展会", "Trade fair") becomes the customer source it means, as in the
            # customer import, so a converted lead carries it to its customer; anything else is kept as written.
            raw["source"] = customer_source_key(raw["source"]) or raw["source"]
        errors, data = {}, {}
        try:
            data = self.schema().load(raw)
        except ValidationError as err:
            errors.update(err.normalized_messages())
        if owner_email is not None:
            owners = reader.cache.setdefault("owners", {})
            key = owner_email.lower()
            if key not in owners:
                owners[key] = self._owner(reader.user, owner_email)
            owner_id, problem = owners[key]
            if problem is None:
                data["owner_id"] = owner_id
            else:
                errors["owner"] = [problem]
        if errors:
            raise ValidationError(errors)
        return data

    @staticmethod
    def _owner(user, email):
        """(id, None) of the active user with `email` whom `user` may give leads to, else (None, why not)."""
        owner = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
        if owner is None or not owner.active:
            return None, _("No active user has the email %(email)s.", email=email)
        try:
            check_owner(user, owner.id)
        except LeadError:
            return None, _("You may not give leads to %(email)s.", email=email)
        return owner.id, None

    def keys(self, data):
        """The email's and the phone's duplicate keys, the email first."""
        found = [("email", email_key(data.get("email"))), ("phone", phone_key(data.get("phone")))]
        return [(kind, key) for kind, key in found if key]

    def existing(self, keys, user):
        """The workspace's open leads with any of `keys` (any, not only those `user` sees); the oldest wins."""
        found = {}
        for kind, column in (("email", Lead.email_key), ("phone", Lead.phone_key)):
            wanted = sorted({key for key_kind, key in keys if key_kind == kind})
            if not wanted:
                continue
            leads = db.session.scalars(select(Lead).where(column.in_(wanted), Lead.status.in_(OPEN_LEAD_STATUSES)))
            for lead in sorted(leads, key=lambda lead: (lead.created_at, lead.id)):
                found.setdefault((kind, getattr(lead, column.key)), lead)
        return found

    def create(self, user, data):
        """A new lead through create_lead; without an owner the assignment rule gives it one, else the importer."""
        return create_lead(data, actor_id=user.id, fallback_owner_id=user.id)

    def match_links(self, user, records):
        """The matched leads `user` may see, with their pages."""
        ids = [record.id for record in records]
        visible = set(db.session.scalars(select(Lead.id).where(Lead.id.in_(ids), lead_criterion(user)))) if ids else set()
        return {record.id: (record.name, self._lead_url(record)) for record in records if record.id in visible}

    def match_text(self, key):
        """A match the user may not see is named by its key only."""
        return _("Same %(key)s as an open lead.", key=key)

    @staticmethod
    def _lead_url(lead):
        """The lead's page, or None where the leads pages have none (the preview then names it without a link)."""
        try:
            return url_for("sales_leads.detail", lead_id=lead.id)
        except BuildError:
            return None


def import_kinds():
    """The module's import kinds (plugin.py registers them through crm_import_kinds)."""
    return [LeadImport()]
