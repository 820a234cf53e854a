"""Mail a plugin sends to anyone (a customer's contact, a colleague), from its own job kinds.

The core's own mails (invitations, resets) are built by `send_mail`; plugins
build theirs in a job of their own kind and hand them here, so they go through
the same backend (console or SMTP, CRM_MAIL_FROM as sender). Sending belongs in
a job: SMTP may be slow or down, and a request must not wait for it.
"""
import re

from flask_mailman import EmailMultiAlternatives

from crm_platform.mail.messages import public_url

__all__ = ["public_url", "send_email"]

_LINE_BREAKS = re.compile(r"[\r\n]+")


def send_email(to, subject, body, html=None, reply_to=None):
    """Send one message to the address `to` now (plain `body`, optional `html` part); 1 when the backend took it.

    Line breaks in `subject` become spaces: it often holds what users typed (a
    ticket's subject), and a break there would either inject a header or make
    the mail library refuse the message, failing the job every time it retries.
    """
    subject = _LINE_BREAKS.sub(" ", subject)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], reply_to=[reply_to] if reply_to else None)
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message.send()
