"""Mail a plugin sends to anyone (a customer's contact, a colleague), from its own job kinds.

The core's own mails (invitations, resets) are built by `send_mail`; plugins
build theirs in a job of their own kind and hand them here, so they go through
the same backend (console or SMTP, CRM_MAIL_FROM as sender). Sending belongs in
a job: SMTP may be slow or down, and a request must not wait for it.
"""
from flask_mailman import EmailMultiAlternatives

from crm_platform.mail.messages import public_url

__all__ = ["public_url", "send_email"]


def send_email(to, subject, body, html=None, reply_to=None):
    """Send one message to the address `to` now (plain `body`, optional `html` part); 1 when the backend took it."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], reply_to=[reply_to] if reply_to else None)
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message.send()
