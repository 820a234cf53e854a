"""The SMTP backend: Flask-Mailman's, with the server's certificate checked for STARTTLS as for SSL.

Flask-Mailman 1.1.1 calls `starttls(context=None)`, and smtplib then encrypts
without checking the certificate or the host name: anyone on the path could
read every reset link. Both transports here use `ssl.create_default_context()`
(the system's CAs, or CRM_SMTP_CA_FILE for a private CA) and check the name.
"""
import smtplib
import ssl
from functools import partial

from flask import current_app
from flask_mailman.backends.smtp import EmailBackend as MailmanSMTPBackend
from werkzeug.utils import cached_property


class VerifyingSMTP(smtplib.SMTP):
    """smtplib.SMTP whose STARTTLS uses `tls_context` when the caller gives no context."""

    def __init__(self, *args, tls_context, **kwargs):
        # Set before SMTP.__init__, which connects when given a host.
        self.tls_context = tls_context
        super().__init__(*args, **kwargs)

    def starttls(self, *args, context=None, **kwargs):
        """Upgrade to TLS, checking the certificate against `tls_context`."""
        return super().starttls(*args, context=context or self.tls_context, **kwargs)


class EmailBackend(MailmanSMTPBackend):
    """Flask-Mailman's SMTP backend, checking the server against the system's CAs or CRM_SMTP_CA_FILE."""

    @cached_property
    def ssl_context(self):
        """A client context that checks the certificate and the host name (used for SSL and STARTTLS)."""
        return ssl.create_default_context(cafile=current_app.config["CRM_SMTP_CA_FILE"])

    @property
    def connection_class(self):
        """SMTP_SSL gets `ssl_context` from Flask-Mailman; plain SMTP gets it for STARTTLS from us."""
        if self.use_ssl:
            return smtplib.SMTP_SSL
        return partial(VerifyingSMTP, tls_context=self.ssl_context)
