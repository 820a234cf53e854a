"""What the runs feature adds to the module's hooks (plugin.py gathers them)."""
from crm_platform.sdk import MenuItem, lazy_gettext as _l

from plugins.customer_insights.permissions import CONFIGURE
from plugins.customer_insights.runs import jobs


def job_kinds():
    """The computation of the figures, with its progress."""
    return list(jobs.KINDS)


def schedules():
    """The nightly computation with the monthly snapshots."""
    return list(jobs.SCHEDULES)


def menu_items(user):
    """The runs page, for those who start computations (others reach it from the insights page)."""
    return [MenuItem(_l("Value computations"), "insights_runs.index", permission=CONFIGURE)]
