"""What the pipelines pages share: reading forms and filters, and the choices their selects offer."""
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import OrgUnit, User, db, gettext as _, lazy_gettext as _l

from plugins.sales_automation.pipelines.schemas import SalesBoardQuerySchema, SalesOpportunityQuerySchema

FILTERS = ("owner_id", "org_unit_id", "close_month")
LIST_FILTERS = (*FILTERS, "stage_id", "sort", "limit")
SORT_LABELS = {"-stage_entered_at": _l("Newest in stage first"), "stage_entered_at": _l("Longest in stage first"),
               "expected_close": _l("Closing soonest"), "-expected_close": _l("Closing latest"),
               "name": _l("Name A-Z"), "-created_at": _l("Newest first")}
"""The list view's orders (board.SORTS) as the sort select names them."""


def submitted(form, names):
    """The submitted values of `names` (absent fields stay absent)."""
    return {name: form[name] for name in names if name in form}


def read_filters(args, names=FILTERS):
    """(validated filters, the raw non-blank ones to keep in links, a problem message or None)."""
    raw = {key: args[key].strip() for key in names if args.get(key, "").strip()}
    schema = SalesOpportunityQuerySchema() if "sort" in names else SalesBoardQuerySchema()
    try:
        return schema.load(raw), raw, None
    except ValidationError:
        return schema.load({}), {}, _("Some filters are not valid.")


def user_choices():
    """(id, name) of the workspace's active users, for owner selects and filters."""
    return [(u.id, u.name) for u in db.session.scalars(select(User).where(User.active.is_(True))
                                                       .order_by(User.name, User.id))]


def unit_choices():
    """(id, name) of the org units, in tree order, for the unit filter."""
    return [(u.id, u.name) for u in db.session.scalars(select(OrgUnit).order_by(OrgUnit.path, OrgUnit.id))]
