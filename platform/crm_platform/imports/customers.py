"""The core's own import kind, "customers": the customer fields, keys, manage checks, service steps and events.

Rows are read by rows.RowReader (CustomerSchema), matched by duplicates.py on
the customers' stored keys, and written by the customer service's no-commit
steps, as the API and the pages write them (docs/imports.md).
"""
from flask import url_for
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError

from crm_platform.custom_fields.values import missing_required
from crm_platform.customers.service import apply_customer_changes
from crm_platform.imports import mapping
from crm_platform.imports.customer_inserts import insert_customers
from crm_platform.imports.duplicates import existing_matches, keys_of, manageable_ids, visible_ids
from crm_platform.imports.kinds import ImportKind, register_core_kind
from crm_platform.imports.rows import RowReader, reason
from crm_platform.models import Customer
from crm_platform.models.imports import ON_DUPLICATE
from crm_platform.modules.events import emit
from crm_platform.roles import has_permission


class CustomerImport(ImportKind):
    """Customers, created or (with "update") changed, custom fields included."""

    key = "customers"
    label = _l("Customers")
    title = _l("Import customers")
    on_duplicate = ON_DUPLICATE
    duplicate_question = _l("When a row matches an existing customer by email, phone or name")
    list_endpoint = "customers.index"

    def job_kind(self):
        """The core's `customer_import` job kind (jobs made before import kinds existed keep running)."""
        return "customer_import"

    def job_label(self):
        """The job kind's label."""
        return _l("Customer import")

    def field_labels(self):
        """The customer fields and this workspace's customer custom fields (as cf_<key>)."""
        return mapping.field_labels()

    def synonyms(self):
        """The customer fields' header synonyms, English and Chinese, and the custom fields' keys and labels."""
        return mapping.customer_synonyms()

    def required(self):
        """A customer needs a name."""
        return ("name",)

    def duplicate_labels(self):
        """What each duplicate rule does to the customer."""
        return {"skip": _l("Skip the row"), "update": _l("Update the existing customer"),
                "create": _l("Create another customer")}

    def back_label(self):
        """The status page's link back to the customer list."""
        return _l("Back to the customers")

    def mapping_problem(self, missing):
        """The name is the one required field."""
        return _("Choose the column that holds the customer's name; a customer needs one.")

    def reader(self, headers, mapping, user):
        """Rows as CustomerSchema reads them, after the spreadsheet forms (rows.py)."""
        return RowReader(headers, mapping, user)

    def keys(self, data):
        """Credit code, email, phone and name keys, in that order."""
        return keys_of(data)

    def existing(self, keys, user):
        """The tenant's customers with those keys (any, not only those `user` sees); the oldest wins."""
        return existing_matches(keys)

    def prepare(self, user, existing):
        """(ids of the matched customers `user` may manage, whether `user` may give customers to another owner)."""
        return (manageable_ids(user, sorted({customer.id for customer in existing.values()})),
                has_permission(user, "customers.reassign"))

    def create_problem(self, plan):
        """A credit code is unique in the workspace; a new customer needs its required custom fields."""
        if plan.match is not None and plan.match_by == "credit_code":
            return _("Another customer in this workspace has this credit code.")
        missing = missing_required("customer", plan.fields.get("custom_fields") or {})
        return reason(ValidationError({"custom_fields": missing})) if missing else None

    def update_problem(self, plan, user, prepared):
        """Why `plan` may not update its match, or None.

        A customer created earlier in this import always may be: its owner is
        one the user may assign to, and those are in the user's manage remit.
        The reason never names the other customer: the user may not see it.
        """
        manageable, may_reassign = prepared
        if isinstance(plan.match, Customer):
            if plan.match.id not in manageable:
                return _("It matches an existing customer (by %(key)s) that you may not change.",
                         key=plan.match_by)
            owner_id = plan.match.owner_id
        else:
            owner_id = plan.match.fields.get("owner_id", user.id)
        if plan.fields.get("owner_id", owner_id) != owner_id and not may_reassign:
            return _("owner: Your role may not give an existing customer to another owner.")
        return None

    def create_many(self, user, datas):
        """The chunk's new customers, with their tags, custom field values and audit entries, in set-based statements."""
        return insert_customers(user, datas)

    def update(self, user, record, data):
        """The customer service's own change step (an owner change moves open reminders)."""
        return apply_customer_changes(user, record, data)

    def committed(self, created, changed):
        """Tell the tenant's plugins about a committed chunk, as create_customer and update_customer do."""
        for customer in created:
            emit("crm_customer_created", customer=customer)
        for customer, changes in changed.items():
            emit("crm_customer_updated", customer=customer, changes=changes)
            if "owner_id" in changes:
                old, new = changes["owner_id"]
                emit("crm_customer_owner_changed", customer=customer, old_owner_id=old, new_owner_id=new)

    def match_links(self, user, records):
        """The matched customers `user` may see, with their pages."""
        visible = visible_ids(user, [record.id for record in records])
        return {record.id: (record.name, url_for("customers.detail", customer_id=record.id))
                for record in records if record.id in visible}

    def match_text(self, key):
        """A match the user may not see is named by its key only."""
        return _("Same %(key)s as an existing customer.", key=key)


CUSTOMERS = CustomerImport()
register_core_kind(CUSTOMERS)
