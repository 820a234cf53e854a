"""Random secrets shown once and stored only as SHA-256 (sessions and API tokens)."""
import hashlib
import secrets


def new_secret(prefix):
    """A fresh high-entropy secret such as `crm_…`."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(secret):
    """The SHA-256 stored in place of `secret`; enough for 256-bit random values."""
    return hashlib.sha256(secret.encode()).hexdigest()
