"""What the purchases feature adds to the module's hooks (plugin.py gathers them): merges, and the sales module's
payment events."""
from plugins.customer_insights.purchases import numbers, service


def customers_merged(kept, merged_id):
    """The duplicate's purchases go to the customer kept; its number too, unless the kept one has its own."""
    service.move_purchases(kept.id, merged_id)
    numbers.move_number(kept.id, merged_id)


def payment_recorded(payment_id, customer_id, received_on, amount, currency, contract_number):
    """One purchase per payment the sales module records (source "sales_payment"); a repeat changes nothing."""
    service.payment_recorded(payment_id, customer_id, received_on, amount, currency, contract_number)


def payment_deleted(payment_id):
    """A payment deleted in sales takes its purchase with it."""
    service.payment_deleted(payment_id)
