"""The workspace currency that money fields are in."""
from crm_platform.workspace.settings import current_tenant

DEFAULT_CURRENCY = "CNY"


def workspace_currency():
    """The workspace's ISO 4217 currency code (`currency` in its settings; CNY when unset)."""
    return (current_tenant().settings or {}).get("currency") or DEFAULT_CURRENCY
