"""Password hashing with argon2id (a slow, memory-hard KDF)."""
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

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


@lru_cache(maxsize=None)
def _dummy_hash(time_cost, memory_cost):
    """A hash made once per cost, verified against when the account does not exist.

    So a wrong workspace or email costs one verification, the same time as a wrong
    password, and does not reveal which it was. Made once: hashing it on every call
    would make unknown accounts cost two hashes, twice a real account's.
    """
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost).hash("not-a-real-password")


def verify_password(password_hash, password):
    """True when `password` matches; a None or unusable hash still costs one verification, and only one."""
    hasher = _hasher()
    if password_hash is None or not is_usable(password_hash):
        password_hash = _dummy_hash(hasher.time_cost, hasher.memory_cost)
        password = password + "\x00never-matches"
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    """True when the stored hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)
