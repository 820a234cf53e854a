"""The module's per-workspace settings (the admin page of modules renders and validates them)."""
from marshmallow import fields, validate

from crm_platform.sdk import BaseSchema, lazy_gettext as _l, plugin_settings

NAME = "sales_automation"
ASSIGNMENT_RULES = ("none", "round_robin", "region", "fewest_open", "dispatch")
QUOTA_BASES = ("won", "collected")
"""A quota counts the amount of opportunities won in the month, or the payments collected in it."""


class SalesSettingsSchema(BaseSchema):
    """How leads are assigned, how documents are numbered, when collection reminders start, what quotas count."""

    lead_assignment = fields.Str(
        load_default="none",
        validate=validate.OneOf(ASSIGNMENT_RULES, labels=[_l("None: leads keep the owner they came with"),
                                                          _l("Round robin"), _l("By region"), _l("Fewest open leads"),
                                                          _l("Task dispatch (round robin when it is off)")]),
        metadata={"label": _l("Lead assignment"),
                  "description": _l("How a new lead without an owner gets one. The people who take leads are "
                                    "kept on the Leads page.")})
    contract_prefix = fields.Str(
        load_default="HT", validate=validate.Regexp(r"^[A-Za-z0-9-]{0,10}$"),
        metadata={"label": _l("Contract number prefix"),
                  "description": _l("Contract numbers are the prefix, the year and a sequence: HT-2026-0001.")})
    quote_prefix = fields.Str(
        load_default="BJ", validate=validate.Regexp(r"^[A-Za-z0-9-]{0,10}$"),
        metadata={"label": _l("Quote number prefix")})
    default_tax_rate = fields.Decimal(
        load_default="13.00", as_string=True, places=2, validate=validate.Range(min=0, max=100),
        metadata={"label": _l("Default tax rate (%)"), "description": _l("Suggested for new quote lines.")})
    collection_notice_days = fields.Int(
        load_default=7, validate=validate.Range(min=0, max=90),
        metadata={"label": _l("Collection reminder (days before due)"),
                  "description": _l("Owners are reminded this many days before an instalment is due, "
                                    "and again once it is overdue.")})
    quota_basis = fields.Str(
        load_default="won",
        validate=validate.OneOf(QUOTA_BASES, labels=[_l("Amount won"), _l("Amount collected")]),
        metadata={"label": _l("Quotas count"),
                  "description": _l("What a rep's monthly quota is measured against: the amount of the "
                                    "opportunities they won in the month, or the payments collected on their "
                                    "contracts in it.")})


def settings():
    """The current workspace's settings of this module, defaults filled in."""
    return plugin_settings(NAME)
