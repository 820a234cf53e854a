"""Configuration from `CRM_*` environment variables with embedded defaults."""
import os
import secrets
from pathlib import Path

# Where mailed links point unless CRM_BASE_URL says otherwise: right for `crm run`
# on one's own machine only (start-up warns outside development).
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def _secret_key(instance_path, write):
    """Return CRM_SECRET_KEY, or a key generated once and kept in the instance folder.

    Without `write` (listing commands) a missing key file is not created: a
    throwaway key serves, as such a command signs nothing that must outlive it.
    """
    if os.environ.get("CRM_SECRET_KEY"):
        return os.environ["CRM_SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists() and not write:
        return secrets.token_hex(32)
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        # Written with 0600 so other local users cannot forge session cookies.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def _database_url(instance_path, write):
    """CRM_DATABASE_URL, or SQLite in the instance folder; without `write`, in memory if that file is missing."""
    if os.environ.get("CRM_DATABASE_URL"):
        return os.environ["CRM_DATABASE_URL"]
    path = Path(instance_path) / "crm.sqlite"
    # Connecting would create the file: a listing command reports "not ready" instead.
    return f"sqlite:///{path}" if write or path.exists() else "sqlite://"


def load_config(instance_path, write=True):
    """Build the config mapping for an app whose instance folder is `instance_path`.

    `write` False creates nothing in the instance folder (see create_app).
    """
    env = os.environ.get
    return {
        "SECRET_KEY": _secret_key(instance_path, write),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path, write),
        # "development" (set by `make run`) silences the start-up warnings about
        # defaults that only production must change.
        "CRM_ENV": env("CRM_ENV", "production"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # psycopg runs a statement it has seen 5 times on a connection as a prepared one,
        # planned once (read_transactions.py keeps them between requests). pgbouncer before
        # 1.21 in transaction pooling cannot follow them across server connections: 0 there.
        "CRM_DATABASE_PREPARED_STATEMENTS": env("CRM_DATABASE_PREPARED_STATEMENTS", "1").strip().lower()
        not in ("0", "false", "off", "no"),
        # PostgreSQL row-level security (docs/security.md): the role the escape hatch
        # switches to (NOLOGIN BYPASSRLS, granted to the app's role), and whether the app
        # may run as a role that skips the policies (superuser, BYPASSRLS): it refuses to.
        "CRM_DATABASE_BYPASS_ROLE": env("CRM_DATABASE_BYPASS_ROLE", "crm_bypass"),
        "CRM_ALLOW_RLS_BYPASS_ROLE": env("CRM_ALLOW_RLS_BYPASS_ROLE", "0") == "1",
        "CRM_REDIS_URL": env("CRM_REDIS_URL"),
        # Where login throttling counters live; memory:// is per process, so
        # production with several workers points this at Redis.
        "CRM_THROTTLE_STORAGE_URL": env("CRM_THROTTLE_STORAGE_URL") or env("CRM_REDIS_URL") or "memory://",
        # argon2id cost; tests lower it, production keeps the library's defaults.
        "CRM_PASSWORD_TIME_COST": int(env("CRM_PASSWORD_TIME_COST", "3")),
        "CRM_PASSWORD_MEMORY_COST": int(env("CRM_PASSWORD_MEMORY_COST", "65536")),
        # How many reverse proxies (nginx: 1) every request passes through; only that
        # many X-Forwarded-For/-Proto/-Host entries are believed, so the throttle sees
        # clients' addresses and HTTPS is noticed. More than there really are would let
        # clients forge their address.
        "CRM_PROXY_HOPS": int(env("CRM_PROXY_HOPS", "0")),
        # How long a finished customer export can be downloaded.
        "CRM_EXPORT_TTL_HOURS": float(env("CRM_EXPORT_TTL_HOURS", "24")),
        # Links in mail are built from this, never from the request's Host header,
        # which a client chooses (a spoofed one would send reset links elsewhere).
        "CRM_BASE_URL": env("CRM_BASE_URL", DEFAULT_BASE_URL),
        # Mail goes to the console (the worker's output) until an SMTP server is configured.
        "CRM_MAIL_BACKEND": env("CRM_MAIL_BACKEND") or ("smtp" if env("CRM_SMTP_HOST") else "console"),
        "CRM_MAIL_FROM": env("CRM_MAIL_FROM", "CRM <no-reply@localhost>"),
        "CRM_SMTP_HOST": env("CRM_SMTP_HOST", "localhost"),
        "CRM_SMTP_PORT": int(env("CRM_SMTP_PORT", "0")) or None,
        "CRM_SMTP_USERNAME": env("CRM_SMTP_USERNAME"),
        "CRM_SMTP_PASSWORD": env("CRM_SMTP_PASSWORD"),
        "CRM_SMTP_TLS": env("CRM_SMTP_TLS", "0") == "1",
        "CRM_SMTP_SSL": env("CRM_SMTP_SSL", "0") == "1",
        # The SMTP server's certificate is always checked; this PEM file of CA
        # certificates replaces the system's, for a server with a private CA.
        "CRM_SMTP_CA_FILE": env("CRM_SMTP_CA_FILE") or None,
        # How long an emailed link can be used (it also dies once used).
        "CRM_INVITATION_VALID_HOURS": float(env("CRM_INVITATION_VALID_HOURS", str(7 * 24))),
        "CRM_PASSWORD_RESET_VALID_MINUTES": float(env("CRM_PASSWORD_RESET_VALID_MINUTES", "60")),
        # A running job writes a heartbeat this often; one silent for CRM_JOB_STALE_SECONDS
        # belongs to a dead worker, and recovery re-queues it (idempotent kinds, up to
        # CRM_JOB_MAX_ATTEMPTS starts) or marks it failed (docs/jobs.md).
        "CRM_JOB_HEARTBEAT_SECONDS": float(env("CRM_JOB_HEARTBEAT_SECONDS", "10")),
        "CRM_JOB_STALE_SECONDS": float(env("CRM_JOB_STALE_SECONDS", "120")),
        "CRM_JOB_MAX_ATTEMPTS": int(env("CRM_JOB_MAX_ATTEMPTS", "3")),
        # The tick deletes the workspace's own finished and failed job rows (schedules
        # add one per workspace and run) and old schedule runs after this many days.
        "CRM_JOB_KEEP_DAYS": float(env("CRM_JOB_KEEP_DAYS", "14")),
        # Fair jobs across workspaces (docs/jobs.md, "Fair jobs"): a workspace may have this
        # many jobs queued or running (more: 429), and this many on the worker queue or
        # running at once (the rest wait their turn, so other workspaces' jobs get theirs).
        "CRM_JOB_WORKSPACE_MAX_JOBS": int(env("CRM_JOB_WORKSPACE_MAX_JOBS", "50")),
        "CRM_JOB_WORKSPACE_MAX_RUNNING": int(env("CRM_JOB_WORKSPACE_MAX_RUNNING", "2")),
        # POST /api/v1/jobs/selftest for tenant admins: "1" opens it, "0" closes it; unset,
        # it is open in development and tests only (a self-test holds a worker for a minute).
        "CRM_JOB_SELFTEST": env("CRM_JOB_SELFTEST") == "1" if env("CRM_JOB_SELFTEST") else None,
        # Customer imports: the largest upload, how long uploaded files are kept,
        # and rows per transaction (each chunk commits with its checkpoint).
        "CRM_IMPORT_MAX_MB": float(env("CRM_IMPORT_MAX_MB", "100")),
        "CRM_IMPORT_TTL_HOURS": float(env("CRM_IMPORT_TTL_HOURS", "24")),
        "CRM_IMPORT_CHUNK_SIZE": int(env("CRM_IMPORT_CHUNK_SIZE", "500")),
        # An .xlsx unpacks to many times its size and openpyxl reads its texts
        # table whole: caps checked before it opens one (imports/archive.py).
        "CRM_IMPORT_XLSX_MAX_UNPACKED_MB": float(env("CRM_IMPORT_XLSX_MAX_UNPACKED_MB", "200")),
        "CRM_IMPORT_XLSX_MAX_RATIO": float(env("CRM_IMPORT_XLSX_MAX_RATIO", "100")),
        "CRM_IMPORT_XLSX_MAX_STRINGS_MB": float(env("CRM_IMPORT_XLSX_MAX_STRINGS_MB", "50")),
        # Customer attachments: the largest file, and where files are kept (one folder per workspace).
        "CRM_ATTACHMENT_MAX_MB": float(env("CRM_ATTACHMENT_MAX_MB", "20")),
        "CRM_ATTACHMENT_DIR": env("CRM_ATTACHMENT_DIR") or str(Path(instance_path) / "attachments"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env("CRM_SECURE_COOKIES", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "CRM_LOCALES": ["en", "zh_CN"],
        "API_TITLE": "CRM API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
    }
