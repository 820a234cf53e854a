"""What the runs feature adds to the module's hooks (plugin.py gathers them)."""
from plugins.customer_insights.runs import jobs


def job_kinds():
    """The computation of the figures, with its progress."""
    return list(jobs.KINDS)


def schedules():
    """The nightly computation with the monthly snapshots."""
    return list(jobs.SCHEDULES)
