"""Customer value analysis: purchase history, ABC classes, RFM, the loyalty pyramid, lifetime value, churn risk.

A bundled plugin (`customer_insights`) shaped like the others (GUIDE.md
sections 5 and 11): it imports only `crm_platform.sdk`, hears the sales
module's payments and asks the service module for open complaints through
hooks, never imports. Definitions and formulas: docs/insights.md.
"""
