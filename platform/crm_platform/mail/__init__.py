"""Mail: the backend (console or SMTP), signed links, and the `send_mail` job that sends.

Mail is always sent by a job: a request only queues `{"purpose", "user_id"}`, and
the worker builds the link's token and the message when it sends (docs/mail.md).
"""
