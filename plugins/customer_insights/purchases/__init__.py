"""Purchase history: the module's table of customer transactions, filled three ways.

- the API (api.py: list a customer's purchases, add, delete; POST /insights/purchases);
- the core's import flow (import_kind.py, `customer_insights_purchases`): rows find their customer by the core's
  duplicate keys (credit code, email, phone, name) or the customer's external number (CustomerNumber);
- the sales module's payments (hooks.py implements `sales_automation_payment_recorded` / `_deleted`, declared by
  sales_automation, with `@hookimpl(optionalhook=True)`): one purchase per payment, source "sales_payment",
  source_ref the payment id, so a repeated event changes nothing.

Also each customer's external number (CustomerNumber: API and panel)."""
