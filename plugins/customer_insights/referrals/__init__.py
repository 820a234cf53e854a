"""Referrals: a customer recommended the company to someone (recorded on the customer's page and by API).

A customer with a referral within `advocate_within_days` carries the "advocate" mark the pyramid's top layer
needs (docs/insights.md)."""
