"""The words people read for the feature's codes: payment methods, ageing buckets, groupings, reminder stages."""
from crm_platform.sdk import gettext as _


def method_labels():
    """{payment method: label}, in the order of PAYMENT_METHODS."""
    return {"bank_transfer": _("Bank transfer"), "cash": _("Cash"), "cheque": _("Cheque"),
            "acceptance_bill": _("Acceptance bill"), "alipay": _("Alipay"), "wechat_pay": _("WeChat Pay"),
            "other": _("Other")}


def ageing_labels():
    """{bucket: column heading} of the ageing view."""
    return {"not_due": _("Not yet due"), "d1_30": _("1–30 days"), "d31_60": _("31–60 days"),
            "d61_90": _("61–90 days"), "over_90": _("Over 90 days")}


def group_labels():
    """{grouping: label} of the ageing view."""
    return {"customer": _("Customer"), "owner": _("Owner"), "unit": _("Org unit"), "contract": _("Contract")}


def stage_labels():
    """{reminder stage: label}."""
    return {"due": _("Due soon"), "overdue": _("Overdue")}
