"""What the profiles feature adds to the module's hooks: the customer's people panel, and merges."""
from flask import render_template
from sqlalchemy import select

from crm_platform.sdk import Markup, Panel, User, db, lazy_gettext as _l

from plugins.task_dispatch.models import Profile
from plugins.task_dispatch.profiles import customer_people


def customer_panels(customer, user):
    """The customer's preferred and excluded people, with the forms for who may change them."""
    may_change = customer_people.may_change(user, customer.id)
    choices = []
    if may_change:
        # Only people who take tasks are offered: they are the ones dispatch chooses among.
        choices = [(str(row.id), row.name) for row in db.session.execute(
            select(User.id, User.name).join(Profile, Profile.user_id == User.id)
            .where(User.active.is_(True), Profile.takes_tasks.is_(True)).order_by(User.name, User.id))]
    html = render_template("task_dispatch/profiles/_customer_panel.html", customer=customer,
                           people=customer_people.people_of(customer.id), may_change=may_change, choices=choices)
    return [Panel(_l("Preferred and excluded people"), Markup(html))]


def customers_merged(kept, merged_id):
    """The duplicate's preferred and excluded people go to the customer kept (its own rows win)."""
    customer_people.move_people(kept.id, merged_id)
