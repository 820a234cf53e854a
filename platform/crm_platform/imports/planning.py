"""What each row of a chunk will do: create, update, skip or fail, and why. Nothing is written here.

The preview and the job share this, so the preview shows exactly what the
import does. Rows are decided in file order: a row that matches a record an
earlier row of the same chunk creates matches that row's record, and rows of
earlier chunks are in the database by then, so duplicates inside the file
behave like duplicates of existing records. What is particular to the kind of
record (validation, keys, checks) comes from the batch's ImportKind.
"""
from dataclasses import dataclass, field

from marshmallow import ValidationError

from crm_platform.imports.kinds import batch_kind
from crm_platform.imports.rows import reason

ACTIONS = ("create", "update", "skip", "fail")


@dataclass
class RowPlan:
    """One row and its fate."""

    number: int
    cells: list
    fields: dict = field(default_factory=dict)
    action: str = "fail"
    error: str | None = None
    # The record it duplicates: an existing one, or the RowPlan of an earlier row creating one.
    match: object = None
    match_by: str | None = None
    keys: list = field(default_factory=list)  # its [(key kind, key)] (the kind's `keys`), once it is valid
    record: object = None  # set once applied: the record created or updated

    @property
    def matched_row(self):
        """The earlier row of the file this one duplicates, or None."""
        return self.match if isinstance(self.match, RowPlan) else None


class Planner:
    """Decides the rows of one batch, chunk by chunk, as `user`."""

    def __init__(self, batch, user, kind=None):
        self.user = user
        self.kind = kind or batch_kind(batch)
        self.on_duplicate = batch.on_duplicate
        self.reader = self.kind.reader(batch.headers, batch.mapping, user)

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
        self.kind.resolve_rows([plan for plan in plans if plan.error is None], self.user)
        valid = [plan for plan in plans if plan.error is None]
        for plan in valid:
            plan.keys = self.kind.keys(plan.fields)
        existing = self.kind.existing([key for plan in valid for key in plan.keys], self.user)
        prepared = self.kind.prepare(self.user, existing)
        creating = {}  # (key kind, key) -> the earlier RowPlan of this chunk that creates that record
        for plan in valid:
            self._decide(plan, existing, creating, prepared)
        return plans

    def _decide(self, plan, existing, creating, prepared):
        """Set `plan`'s match and action: the database's records first, then earlier rows of this chunk."""
        keys = plan.keys
        for key in keys:
            match = existing.get(key) or creating.get(key)
            if match is not None:
                plan.match, plan.match_by = match, key[0]
                break
        if plan.match is None or self.on_duplicate == "create":
            plan.error = self.kind.create_problem(plan)
            if plan.error:
                return
            plan.action = "create"
            for key in keys:
                creating.setdefault(key, plan)
            return
        if self.on_duplicate == "skip":
            plan.action = "skip"
            return
        refusal = self.kind.update_problem(plan, self.user, prepared)
        plan.action, plan.error = ("fail", refusal) if refusal else ("update", None)
