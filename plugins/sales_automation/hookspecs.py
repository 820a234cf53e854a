"""What the module offers other plugins (declared with `crm_hookspecs`; docs/sales.md, "For other plugins").

Events about the money it records: a payment was recorded, or a mistaken one
deleted. They are asked with `ask_plugins` inside the payment's own
transaction, before its commit, so a listener's rows land (or go) together
with the payment; a listener implements them with `@hookimpl(optionalhook=True)`
so it works without this module, and must not commit.
"""
from crm_platform.sdk import hookspec


class SalesSpecs:
    """The hookspecs of the sales automation module."""

    @hookspec
    def sales_automation_payment_recorded(self, payment_id, customer_id, received_on, amount, currency, reference,
                                          contract_number):
        """A payment was recorded against a contract's instalment (in its transaction, before the commit)."""

    @hookspec
    def sales_automation_payment_deleted(self, payment_id):
        """A mistaken payment was deleted (in its transaction, before the commit)."""
