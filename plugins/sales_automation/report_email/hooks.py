"""What the report email feature adds through the module's hooks (plugin.py gathers these functions)."""
from plugins.sales_automation.report_email import sending


def job_kinds():
    """The job that mails the monthly team reports."""
    return list(sending.KINDS)


def schedules():
    """The monthly team reports: checked every morning, sent from the month's first working day on."""
    return list(sending.SCHEDULES)
