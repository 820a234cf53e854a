"""The module's demo data (`crm demo`): years of purchases for the demo's customers, shaped so that every layer
of the pyramid has customers, referrals for the advocates, monthly snapshots, and one computation.
Chinese when the demo is; the same data for the same seed."""


def fill(seed, chinese, echo):
    """Fill the demo workspace (in scope) with purchase history and computed figures."""
