"""Which customer each imported purchase row belongs to, among the customers the importing user may see.

Keys are tried in a fixed order, the most certain first: the external customer
number (CustomerNumber), then the core's duplicate keys: the Unified Social
Credit Code, the email (`email_key`), the phone (`phone_key`, matching a
customer's phone or mobile), and last the exact name. The first key of a row
that finds customers decides: one customer is the row's; several fail the row
as ambiguous. A row no key finds fails, naming what was tried. Each key costs
one query per chunk (an IN list on an indexed column), never one per row.
"""
from collections import defaultdict

from sqlalchemy import select

from crm_platform.sdk import Customer, customer_criterion, db, email_key, gettext as _, lazy_gettext as _l, phone_key

from plugins.customer_insights.models import CustomerNumber
from plugins.customer_insights.purchases.cells import compact_code

KEY_LABELS = {"customer_number": _l("customer number"), "credit_code": _l("credit code"), "email": _l("email"),
              "phone": _l("phone"), "customer_name": _l("name")}
"""The keys in the order they are tried, each as a message names it."""


def row_keys(data):
    """{key: value as compared} of a row's customer fields that are given, in KEY_LABELS order."""
    made = {"customer_number": (data.get("customer_number") or "").strip() or None,
            "credit_code": compact_code(data.get("credit_code") or ""),
            "email": email_key(data.get("email")), "phone": phone_key(data.get("phone")),
            "customer_name": (data.get("customer_name") or "").strip() or None}
    return {key: value for key, value in made.items() if value}


def _found(key, values, user):
    """{value: {customer ids}} of the customers `user` may see that have one of `values` as `key`."""
    visible = customer_criterion(user)
    if key == "customer_number":
        stmts = [select(CustomerNumber.number, CustomerNumber.customer_id)
                 .join(Customer, Customer.id == CustomerNumber.customer_id)
                 .where(CustomerNumber.number.in_(values), visible)]
    else:
        # A phone is one of a customer's phone or mobile (the core's rule); two IN lists, each on its own index.
        columns = {"credit_code": [Customer.credit_code], "email": [Customer.email_key],
                   "phone": [Customer.phone_key, Customer.mobile_key], "customer_name": [Customer.name]}[key]
        stmts = [select(column, Customer.id).where(column.in_(values), visible) for column in columns]
    found = defaultdict(set)
    for stmt in stmts:
        for value, customer_id in db.session.execute(stmt):
            found[value].add(customer_id)
    return found


def resolve_customers(plans, user):
    """Put each valid plan's customer into `plan.fields["customer_id"]`, or fail the plan saying why."""
    pending = {id(plan): (plan, row_keys(plan.fields)) for plan in plans}
    for plan, keys in list(pending.values()):
        if not keys:
            plan.error = _("Give the customer's number, credit code, email, phone or name.")
            del pending[id(plan)]
    for key in KEY_LABELS:
        values = sorted({keys[key] for _plan, keys in pending.values() if key in keys})
        if not values:
            continue
        found = _found(key, values, user)
        for plan, keys in list(pending.values()):
            ids = found.get(keys.get(key), ())
            if len(ids) == 1:
                plan.fields["customer_id"] = next(iter(ids))
            elif len(ids) > 1:
                plan.error = _("%(count)s customers you may see have the %(key)s %(value)s; give the customer "
                               "number or credit code to tell them apart.", count=len(ids), key=KEY_LABELS[key],
                               value=keys[key])
            else:
                continue
            del pending[id(plan)]
    for plan, keys in pending.values():
        tried = ", ".join(f"{KEY_LABELS[key]} {value}" for key, value in keys.items())
        plan.error = _("No customer you may see matches %(tried)s.", tried=tried)
