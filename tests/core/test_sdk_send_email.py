"""The SDK's send_email on a real SMTP server: a subject is one header line, whatever a plugin hands it."""
import mail_support

from crm_platform import sdk

smtp, app_config = mail_support.smtp, mail_support.app_config


def test_line_breaks_in_a_subject_are_flattened_not_turned_into_headers(app, smtp):
    with app.app_context():
        assert sdk.send_email("someone@example.test", "Hi\r\nBcc: x@evil.test\nX-Evil: 1", "Hello\n") == 1
    [(recipients, message)] = smtp.messages
    assert recipients == ["someone@example.test"]
    assert message["Subject"] == "Hi Bcc: x@evil.test X-Evil: 1"
    assert message["Bcc"] is None and message["X-Evil"] is None
