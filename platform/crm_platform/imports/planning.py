"""What each row of a chunk will do: create, update, skip or fail, and why. Nothing is written here.

The preview and the job share this, so the preview shows exactly what the
import does. Rows are decided in file order: a row that matches a customer an
earlier row of the same chunk creates matches that row's customer, and rows of
earlier chunks are in the database by then, so duplicates inside the file
behave like duplicates of existing customers.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from marshmallow import ValidationError

from crm_platform.custom_fields.values import missing_required
from crm_platform.imports.duplicates import existing_matches, keys_of, manageable_ids
from crm_platform.imports.rows import RowReader, reason
from crm_platform.models import Customer
from crm_platform.roles import has_permission

ACTIONS = ("create", "update", "skip", "fail")


@dataclass
class RowPlan:
    """One row and its fate."""

    number: int
    cells: list
    fields: dict = field(default_factory=dict)
    action: str = "fail"
    error: str | None = None
    # The customer it duplicates: an existing Customer, or the RowPlan of an earlier row creating one.
    match: object = None
    match_by: str | None = None
    customer: Customer | None = None  # set once applied: the customer created or updated

    @property
    def matched_row(self):
        """The earlier row of the file this one duplicates, or None."""
        return self.match if isinstance(self.match, RowPlan) else None


class Planner:
    """Decides the rows of one batch, chunk by chunk, as `user`."""

    def __init__(self, batch, user):
        self.user = user
        self.on_duplicate = batch.on_duplicate
        self.reader = RowReader(batch.headers, batch.mapping, user)
        self.may_reassign = has_permission(user, "customers.reassign")

    def plan(self, rows):
        """RowPlans for (number, cells) rows, blank rows left out."""
        plans = []
        for number, cells in rows:
            if self.reader.is_blank(cells):
                continue
            plan = RowPlan(number, cells)
            try:
                plan.fields = self.reader.fields(cells)
            except ValidationError as err:
                plan.error = reason(err)
            plans.append(plan)
        valid = [plan for plan in plans if plan.error is None]
        existing = existing_matches([key for plan in valid for key in keys_of(plan.fields)])
        manageable = manageable_ids(self.user, sorted({customer.id for customer in existing.values()}))
        creating = {}  # (key kind, key) -> the earlier RowPlan of this chunk that creates that customer
        for plan in valid:
            self._decide(plan, existing, creating, manageable)
        return plans

    def _decide(self, plan, existing, creating, manageable):
        """Set `plan`'s match and action: the database's customers first, then earlier rows of this chunk."""
        keys = keys_of(plan.fields)
        for key in keys:
            match = existing.get(key) or creating.get(key)
            if match is not None:
                plan.match, plan.match_by = match, key[0]
                break
        if plan.match is not None and plan.match_by == "credit_code" and self.on_duplicate == "create":
            # A credit code is unique in the workspace: a second customer with it cannot be created.
            plan.action, plan.error = "fail", _("Another customer in this workspace has this credit code.")
            return
        if plan.match is None or self.on_duplicate == "create":
            missing = missing_required("customer", plan.fields.get("custom_fields") or {})
            if missing:
                plan.error = reason(ValidationError({"custom_fields": missing}))
                return
            plan.action = "create"
            for key in keys:
                creating.setdefault(key, plan)
            return
        if self.on_duplicate == "skip":
            plan.action = "skip"
            return
        refusal = self._refusal(plan, manageable)
        plan.action, plan.error = ("fail", refusal) if refusal else ("update", None)

    def _refusal(self, plan, manageable):
        """Why `plan` may not update its match, or None.

        A customer created earlier in this import always may be: its owner is
        one the user may assign to, and those are in the user's manage remit.
        The reason never names the other customer: the user may not see it.
        """
        if isinstance(plan.match, Customer):
            if plan.match.id not in manageable:
                return _("It matches an existing customer (by %(key)s) that you may not change.",
                         key=plan.match_by)
            owner_id = plan.match.owner_id
        else:
            owner_id = plan.match.fields.get("owner_id", self.user.id)
        if plan.fields.get("owner_id", owner_id) != owner_id and not self.may_reassign:
            return _("owner: Your role may not give an existing customer to another owner.")
        return None
