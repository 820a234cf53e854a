"""Password hashing with argon2id (a slow, memory-hard KDF)."""
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# Verified against when the account does not exist, so that a wrong workspace or
# email costs the same time as a wrong password and does not reveal which it was.
_DUMMY = {}
# Starts the stored value of a user who has no password yet (a pending invitation):
# no argon2 hash starts with it, so no password can match.
UNUSABLE_PREFIX = "!"


def _hasher():
    cfg = current_app.config
    return PasswordHasher(time_cost=cfg["CRM_PASSWORD_TIME_COST"], memory_cost=cfg["CRM_PASSWORD_MEMORY_COST"])


def hash_password(password):
    """An argon2id hash of `password`."""
    return _hasher().hash(password)


def unusable_password():
    """A stored value no password matches, for a user who will choose theirs through an invitation.

    It is random so that replacing it (a resent invitation) retires the links
    issued before, which are bound to the stored value (mail/tokens.py).
    """
    return UNUSABLE_PREFIX + secrets.token_urlsafe(24)


def is_usable(password_hash):
    """False for a user who has not chosen a password yet."""
    return bool(password_hash) and not password_hash.startswith(UNUSABLE_PREFIX)


def verify_password(password_hash, password):
    """True when `password` matches; a None or unusable hash still costs one verification."""
    hasher = _hasher()
    if password_hash is None or not is_usable(password_hash):
        key = (hasher.time_cost, hasher.memory_cost)
        password_hash = _DUMMY.setdefault(key, hasher.hash("not-a-real-password"))
        password = password + "\x00never-matches"
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    """True when the stored hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)
