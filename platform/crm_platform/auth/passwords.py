"""Password hashing with argon2id (a slow, memory-hard KDF)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# Verified against when the account does not exist, so that a wrong workspace or
# email costs the same time as a wrong password and does not reveal which it was.
_DUMMY = {}


def _hasher():
    cfg = current_app.config
    return PasswordHasher(time_cost=cfg["CRM_PASSWORD_TIME_COST"], memory_cost=cfg["CRM_PASSWORD_MEMORY_COST"])


def hash_password(password):
    """An argon2id hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash, password):
    """True when `password` matches; a None hash still costs one verification."""
    hasher = _hasher()
    if password_hash is None:
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
