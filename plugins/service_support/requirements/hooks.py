"""What the requirement records feature adds through the module's hooks (menu, customer panel, Today, merges)."""
from flask import render_template

from crm_platform.sdk import Markup, MenuItem, Panel, TodaySection, lazy_gettext as _l

from plugins.service_support.requirements import review, service


def menu_items(user):
    """"Requirements" in the main menu."""
    return [MenuItem(_l("Requirements"), "service_requirements.index")]


def customer_panels(customer, user):
    """The requirements the customer asked for (that the user may see), with a way to record one."""
    html = render_template("service_support/requirements/_panel.html", customer=customer,
                           requirements=service.of_customer(user, customer.id))
    return [Panel(_l("Requirements"), Markup(html))]


def today_sections(user, today):
    """The user's requirements to review (new since their last look, or waiting); nothing when there are none."""
    items = review.review_list(user)
    if not items["new"] and not items["waiting"]:
        return []
    html = render_template("service_support/requirements/_today.html", items=items,
                           waiting_days=review.WAITING_DAYS)
    return [TodaySection(_l("Requirements to review"), Markup(html), overdue=len(items["waiting"]))]


def customers_merged(kept, merged_id):
    """The duplicate's votes go to the customer kept (dropped where the kept one already asked)."""
    service.move_votes(kept.id, merged_id)
