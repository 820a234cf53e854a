"""What the referrals feature adds to the module's hooks (plugin.py gathers them): the customer panel and merges."""
from flask import render_template

from crm_platform.sdk import Markup, Panel, can_manage_customer, lazy_gettext as _l, workspace_today

from plugins.customer_insights.referrals import service


def customer_panels(customer, user):
    """The referrals the customer made (the advocate mark), with the form to record one for who may manage it."""
    referrals = service.shown(user, service.latest_referrals(customer.id))
    html = render_template("customer_insights/referrals/_panel.html", customer=customer, referrals=referrals,
                           may_manage=can_manage_customer(user, customer.id), today=workspace_today())
    return [Panel(_l("Referrals"), Markup(html))]


def customers_merged(kept, merged_id):
    """The duplicate's referrals, made and received, go to the customer kept."""
    service.move_referrals(kept.id, merged_id)
