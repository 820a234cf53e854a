"""Purchase history: the module's table of customer transactions, filled three ways.

- the API and pages (api.py, views.py: list purchases, add, delete; POST /insights/purchases), written by
  service.py;
- the core's import flow (import_kind.py, `customer_insights_purchases`): rows find their customer among those the
  importer may see by the external number (CustomerNumber), then the core's duplicate keys (credit code, email,
  phone) and the exact name (matching.py); cells.py reads days and amounts as spreadsheets write them;
- the sales module's payments (plugin.py implements `sales_automation_payment_recorded` / `_deleted`, declared by
  sales_automation, with `@hookimpl(optionalhook=True)`, and hands them to hooks.py): one purchase per payment,
  source "sales_payment", source_ref the payment id, so a repeated event changes nothing.

Also each customer's external number (numbers.py: API and the customer panel). docs/insights.md has the rules."""
