"""The module's tables, every one `customer_insights_<table>` and tenant-owned."""
from plugins.customer_insights.models.history import CustomerNumber, Purchase, Referral
from plugins.customer_insights.models.scores import Run, Score, Snapshot

__all__ = ["CustomerNumber", "Purchase", "Referral", "Run", "Score", "Snapshot"]
