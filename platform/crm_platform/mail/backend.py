"""The mail backend: Flask-Mailman, fed from the CRM_* settings (console by default, SMTP when configured)."""
from urllib.parse import urlsplit

from crm_platform.extensions import mail

BACKENDS = ("console", "smtp")
# Seconds an SMTP conversation may stall before the job fails with the error,
# rather than holding the worker for as long as a dead server keeps the socket open.
SMTP_TIMEOUT = 30


def _smtp_port(config):
    """CRM_SMTP_PORT, or the standard port of the chosen transport security."""
    if config["CRM_SMTP_PORT"]:
        return config["CRM_SMTP_PORT"]
    return 465 if config["CRM_SMTP_SSL"] else 587 if config["CRM_SMTP_TLS"] else 25


def check_settings(config):
    """Refuse settings that would only fail when the first mail is sent; raises ValueError."""
    if config["CRM_MAIL_BACKEND"] not in BACKENDS:
        raise ValueError(f"CRM_MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {config['CRM_MAIL_BACKEND']!r}")
    if config["CRM_SMTP_TLS"] and config["CRM_SMTP_SSL"]:
        raise ValueError("CRM_SMTP_TLS (STARTTLS) and CRM_SMTP_SSL (TLS from the start) exclude each other; set one")
    base = urlsplit(config["CRM_BASE_URL"])
    if base.scheme not in ("http", "https") or not base.netloc or base.query or base.fragment:
        raise ValueError(f"CRM_BASE_URL must be an http(s) URL such as https://crm.example.com, "
                         f"not {config['CRM_BASE_URL']!r}")


def init_app(app):
    """Translate the CRM_* mail settings into Flask-Mailman's and connect it to `app`."""
    config = app.config
    check_settings(config)
    config.update(
        MAIL_BACKEND=config["CRM_MAIL_BACKEND"],
        MAIL_SERVER=config["CRM_SMTP_HOST"],
        MAIL_PORT=_smtp_port(config),
        MAIL_USERNAME=config["CRM_SMTP_USERNAME"],
        MAIL_PASSWORD=config["CRM_SMTP_PASSWORD"],
        MAIL_USE_TLS=config["CRM_SMTP_TLS"],
        MAIL_USE_SSL=config["CRM_SMTP_SSL"],
        MAIL_DEFAULT_SENDER=config["CRM_MAIL_FROM"],
        MAIL_TIMEOUT=SMTP_TIMEOUT,
    )
    mail.init_app(app)
