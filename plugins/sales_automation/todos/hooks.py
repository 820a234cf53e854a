"""What the to-dos feature adds through the module's hooks: the menu, the customer panel, Today, merges."""
from datetime import timedelta

from flask import render_template

from crm_platform.sdk import Markup, MenuItem, Panel, TodaySection, lazy_gettext as _l

from plugins.sales_automation.todos import service

DAYS_AHEAD = 3
"""How many days after today the Today section looks ahead."""


def menu_items(user):
    """"My to-dos" in the main menu."""
    return [MenuItem(_l("My to-dos"), "sales_todos.index")]


def customer_panels(customer, user):
    """The customer's open to-dos (its own and its opportunities') that the user may see, with a way to add one."""
    todos = service.open_todos(user, customer_id=customer.id)
    html = render_template("sales_automation/todos/_panel.html", todos=todos, customer=customer)
    return [Panel(_l("To-dos"), Markup(html))]


def today_sections(user, today):
    """The user's open to-dos due today or earlier (the late ones counted) and in the next few days."""
    todos = service.due_for(user, today + timedelta(days=DAYS_AHEAD))
    late = sum(1 for todo in todos if todo.due_date < today)
    html = render_template("sales_automation/todos/_today.html", todos=todos, today=today)
    return [TodaySection(_l("To-dos"), Markup(html), overdue=late)]


def customers_merged(kept, merged_id):
    """The duplicate's to-dos go to the customer kept."""
    service.move_to_customer(kept.id, merged_id)
