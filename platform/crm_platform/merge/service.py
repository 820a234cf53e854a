"""Merging a duplicate customer into the one kept, in one transaction.

What hangs off the duplicate is re-pointed to the kept customer table by table,
following MOVES; modules move their own records through the
`crm_customers_merged` hook, inside the same transaction, before the duplicate
is deleted. A table added later joins the merge with one more `Move` in MOVES.

The kept customer keeps its own field values; an empty one takes the
duplicate's value (see `filled_fields`).
"""
import logging
from dataclasses import dataclass

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import delete, func, select, tuple_, update
from werkzeug.exceptions import Conflict

from crm_platform.customers.service import require_manage
from crm_platform.extensions import db
from crm_platform.follow_ups.sync import refresh_contact_dates
from crm_platform.models import (
    Activity, AuditEntry, Contact, Customer, CustomerAttachment, CustomerShare, CustomerTag, CustomFieldValue,
    PoolMove, Reminder,
)
from crm_platform.models.reminders import OCCASIONS
from crm_platform.modules.events import emit
from crm_platform.modules.state import installed_hook
from crm_platform.reminders.service import move_open_reminders
from crm_platform.tenancy import current_actor_id

log = logging.getLogger("crm.merge")

# Columns never copied from the duplicate: identity, ownership, bookkeeping, keys derived from
# other columns (set again as those are filled), the pool's state, and the contact dates the
# kept customer's activities give (follow_ups/sync.py).
_NOT_FILLED = {"id", "tenant_id", "owner_id", "created_at", "updated_at", *Customer.__audit_exclude__,
               "assigned_at", "pooled_at", "pool_unit_id", "last_contacted_at", "next_follow_up_at"}
# Filled columns a unique index covers: the kept customer takes them once the duplicate is deleted.
_UNIQUE_FILLED = ("credit_code",)
_PLACE = ("province_code", "city_code", "district_code")


@dataclass(frozen=True)
class Move:
    """Rows of `model` whose `column` names the duplicate go to the kept customer.

    `unique_with` lists the columns that, with `column`, must stay unique (a
    tag, a shared user): the duplicate's row is dropped where the kept customer
    already has one with the same values. `where` narrows the rows to those
    with these (column, value) pairs (custom field values of customers).
    `also_clashing(kept_id, merged_id)`, when given, selects more of the
    duplicate's rows to drop (by id).
    """

    model: type
    label: str
    column: str = "customer_id"
    unique_with: tuple = ()
    where: tuple = ()
    also_clashing: object = None

    def rows(self, customer_id):
        """The conditions selecting the rows of customer `customer_id`."""
        return (getattr(self.model, self.column) == customer_id,
                *(getattr(self.model, name) == value for name, value in self.where))


def _care_reminders_on_kept_dates(kept_id, merged_id):
    """Ids of the duplicate's care reminders on a date the kept customer has one for, whatever the occasion.

    A customer has one care date, so one care reminder per date (reminders/care.py):
    a person and a company entered twice keep the kept customer's.
    """
    care = Reminder.kind.in_(tuple(OCCASIONS.values()))
    kept_dates = select(Reminder.due_date).where(Reminder.customer_id == kept_id, care)
    return select(Reminder.id).where(Reminder.customer_id == merged_id, care, Reminder.due_date.in_(kept_dates))


MOVES = [
    Move(Contact, "contacts"),
    Move(Activity, "activities"),
    Move(CustomerShare, "shares", unique_with=("user_id",)),
    Move(CustomerTag, "tags", unique_with=("tag",)),
    Move(Reminder, "reminders", unique_with=("kind", "due_date"), also_clashing=_care_reminders_on_kept_dates),
    Move(CustomerAttachment, "attachments"),
    Move(PoolMove, "pool moves"),
    # The kept customer's own value of a field wins; it takes the duplicate's for the fields it lacks.
    Move(CustomFieldValue, "custom field values", column="record_id", unique_with=("field_id",),
         where=(("entity", "customer"),)),
]


def fillable_columns():
    """Customer columns an empty value of the kept customer takes from the duplicate (new columns included)."""
    return [column.key for column in Customer.__table__.columns if column.nullable and column.key not in _NOT_FILLED]


def filled_fields(kept, merged):
    """{field: value} the kept customer takes from the duplicate: its empty fields the duplicate has.

    A place (province, city, district) is taken whole, only by a customer with
    none of it; a credit code only by a company (people have none).
    """
    filled = {key: getattr(merged, key) for key in fillable_columns()
              if key not in _PLACE and getattr(kept, key) in (None, "") and getattr(merged, key) not in (None, "")}
    if kept.kind != "company":
        filled.pop("credit_code", None)
    if not any(getattr(kept, key) for key in _PLACE):
        filled.update({key: getattr(merged, key) for key in _PLACE if getattr(merged, key)})
    return filled


def _rows_of(move, customer_id):
    """Ids of the rows `move` re-points that belong to customer `customer_id`."""
    return select(move.model.id).where(*move.rows(customer_id))


def _clashing(move, kept_id, merged_id):
    """Ids of the duplicate's rows that the kept customer already has an equal of."""
    model = move.model
    kept_rows = select(*(getattr(model, c) for c in move.unique_with)).where(*move.rows(kept_id))
    keys = [getattr(model, c) for c in move.unique_with]
    match = tuple_(*keys).in_(kept_rows) if len(keys) > 1 else keys[0].in_(kept_rows)
    clashing = select(model.id).where(*move.rows(merged_id), match)
    if move.also_clashing is not None:
        clashing = clashing.union(move.also_clashing(kept_id, merged_id))
    return clashing


def preview(kept, merged):
    """What a merge would do: ({label: rows that move}, {field: value filled in})."""
    counts = {}
    for move in MOVES:
        count = db.session.scalar(select(func.count()).select_from(_rows_of(move, merged.id).subquery()))
        if move.unique_with:
            count -= db.session.scalar(select(func.count()).select_from(
                _clashing(move, kept.id, merged.id).subquery()))
        counts[move.label] = count
    return counts, filled_fields(kept, merged)


def merge_customers(actor, kept, merged):
    """Move everything of `merged` to `kept`, fill `kept`'s empty fields, delete `merged`; one transaction.

    `actor` must manage both (403 otherwise). A module whose hook fails undoes
    the whole merge (409): deleting the duplicate would otherwise take its
    records along.
    """
    if kept.id == merged.id:
        raise ValidationError({"merge_id": [_("Choose another customer: a customer cannot be merged into itself.")]})
    require_manage(actor, kept)
    require_manage(actor, merged)
    counts, filled = preview(kept, merged)
    if merged.owner_id != kept.owner_id and kept.owner_id is not None:
        # The duplicate owner's planned work follows the customer, as on a reassignment.
        db.session.execute(update(Activity).where(Activity.customer_id == merged.id, Activity.status == "planned",
                                                  Activity.user_id == merged.owner_id).values(user_id=kept.owner_id),
                           execution_options={"synchronize_session": False})
    for move in MOVES:
        if move.unique_with:
            db.session.execute(delete(move.model).where(move.model.id.in_(_clashing(move, kept.id, merged.id))),
                               execution_options={"synchronize_session": False})
        db.session.execute(update(move.model).where(*move.rows(merged.id))
                           .values({move.column: kept.id}), execution_options={"synchronize_session": False})
    for key, value in filled.items():
        if key not in _UNIQUE_FILLED:
            setattr(kept, key, value)
    refresh_contact_dates(db.session, kept.tenant_id, kept.id)  # the moved activities' dates
    move_open_reminders(kept)  # the duplicate's open reminders go to the kept customer's owner
    merged_id, merged_name = merged.id, merged.name
    _call_modules(kept, merged_id)
    _audit_both(kept, merged_id, merged_name, counts, filled)
    db.session.flush()  # the filled fields are written before the objects are read afresh
    # The ORM's loaded collections of both still show the old rows: read them again.
    db.session.expire(kept)
    db.session.expire(merged)
    snapshot = {key: getattr(merged, key) for key in ("name", "owner_id", *fillable_columns())}
    db.session.delete(merged)
    db.session.flush()  # the duplicate's unique values (a credit code) are free now
    for key in _UNIQUE_FILLED:
        if key in filled:
            setattr(kept, key, filled[key])
    db.session.commit()
    emit("crm_customer_deleted", customer_id=merged_id, snapshot=snapshot)
    if filled:
        emit("crm_customer_updated", customer=kept, changes={key: [None, value] for key, value in filled.items()})
    return kept


def _call_modules(kept, merged_id):
    """Let each installed module move its records, in this transaction; a failure undoes the merge.

    Modules the workspace has turned off are asked too: their records stay in place
    while they are off, and must not be deleted with the duplicate.
    """
    for impl in installed_hook("crm_customers_merged").get_hookimpls():
        try:
            impl.function(*[{"kept": kept, "merged_id": merged_id}[arg] for arg in impl.argnames])
        except Exception:  # the merge must not delete what a module could not move
            log.exception("plugin %s failed in crm_customers_merged", impl.plugin_name)
            db.session.rollback()
            raise Conflict(_("The module %(name)s could not move its records; nothing was merged.",
                             name=impl.plugin_name))


def _audit_both(kept, merged_id, merged_name, counts, filled):
    """A "merge" entry on each customer; the duplicate's deletion is recorded as any deletion is."""
    actor = current_actor_id()
    moved = {label: count for label, count in counts.items() if count}
    plain = {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in filled.items()}
    db.session.add_all([
        AuditEntry(actor_id=actor, action="merge", entity="customer", entity_id=kept.id, summary=kept.name,
                   changes={"merged_id": merged_id, "merged_name": merged_name, "moved": moved, "filled": plain}),
        AuditEntry(actor_id=actor, action="merge", entity="customer", entity_id=merged_id, summary=merged_name,
                   changes={"merged_into": kept.id, "merged_into_name": kept.name, "moved": moved}),
    ])
