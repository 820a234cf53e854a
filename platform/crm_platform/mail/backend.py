"""The mail backend: Flask-Mailman, fed from the CRM_* settings (console by default, SMTP when configured)."""
import logging
import os
from urllib.parse import urlsplit

from crm_platform.config import DEFAULT_BASE_URL
from crm_platform.extensions import mail
from crm_platform.startup import in_development, warn_once

log = logging.getLogger("crm.mail")

# Flask-Mailman's backend for each CRM_MAIL_BACKEND; SMTP is ours, which checks certificates.
BACKENDS = {"console": "console", "smtp": "crm_platform.mail.smtp.EmailBackend"}
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
    ca_file = config["CRM_SMTP_CA_FILE"]
    if ca_file and not (os.path.isfile(ca_file) and os.access(ca_file, os.R_OK)):
        raise ValueError(f"CRM_SMTP_CA_FILE {ca_file!r} is not a readable file")
    base = urlsplit(config["CRM_BASE_URL"])
    if base.scheme not in ("http", "https") or not base.netloc or base.query or base.fragment:
        raise ValueError(f"CRM_BASE_URL must be an http(s) URL such as https://crm.example.com, "
                         f"not {config['CRM_BASE_URL']!r}")


def warn_about_defaults(app):
    """Warn once about each default that production must not keep (not while testing, debugging or developing)."""
    config = app.config
    if app.testing or app.debug or in_development(app):
        return
    if config["CRM_MAIL_BACKEND"] == "console":
        warn_once(log, "CRM_MAIL_BACKEND is console: invitations and password resets are only printed by the worker "
                       "and nobody receives them. Set CRM_SMTP_HOST (docs/mail.md).")
    if config["CRM_BASE_URL"] == DEFAULT_BASE_URL:
        warn_once(log, "CRM_BASE_URL is left at %s: links in invitations and password resets point there, "
                       "not at this server's public address. Set CRM_BASE_URL (docs/mail.md).", DEFAULT_BASE_URL)


def init_app(app):
    """Translate the CRM_* mail settings into Flask-Mailman's and connect it to `app`."""
    config = app.config
    check_settings(config)
    warn_about_defaults(app)
    config.update(
        MAIL_BACKEND=BACKENDS[config["CRM_MAIL_BACKEND"]],
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
