"""The English texts of Werkzeug, marshmallow, webargs, Flask-WTF and Flask-Login, translated where we show them.

The libraries build their error texts without gettext, so their msgids are listed
here (marked with N_ for extraction into our catalogue) and `translate_message`
translates them at our error handlers and form helpers. Texts with values
filled in ("Length must be between 1 and 200.") are matched against their
templates and re-filled in the translated template.
"""
import re

from flask_babel import gettext


def N_(message):
    """Mark `message` for extraction; it is translated later, where it is shown."""
    return message


HTTP_ERRORS = (
    N_("Bad Request"), N_("The browser (or proxy) sent a request that this server could not understand."),
    N_("Unauthorized"),
    N_("The server could not verify that you are authorized to access the URL requested. You either supplied "
       "the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the "
       "credentials required."),
    N_("Forbidden"),
    N_("You don't have the permission to access the requested resource. It is either read-protected or not "
       "readable by the server."),
    N_("Not Found"),
    N_("The requested URL was not found on the server. If you entered the URL manually please check your "
       "spelling and try again."),
    N_("Method Not Allowed"), N_("The method is not allowed for the requested URL."),
    N_("Not Acceptable"),
    N_("The resource identified by the request is only capable of generating response entities which have "
       "content characteristics not acceptable according to the accept headers sent in the request."),
    N_("Conflict"),
    N_("A conflict happened while processing the request. The resource might have been modified while the "
       "request was being processed."),
    N_("Gone"),
    N_("The requested URL is no longer available on this server and there is no forwarding address. If you "
       "followed a link from a foreign page, please contact the author of this page."),
    N_("Request Entity Too Large"), N_("The data value transmitted exceeds the capacity limit."),
    N_("Request URI Too Long"),
    N_("The length of the requested URL exceeds the capacity limit for this server. The request cannot be "
       "processed."),
    N_("Unsupported Media Type"), N_("The server does not support the media type transmitted in the request."),
    N_("Unprocessable Entity"),
    N_("The request was well-formed but was unable to be followed due to semantic errors."),
    N_("Too Many Requests"), N_("This user has exceeded an allotted request count. Try again later."),
    N_("Internal Server Error"),
    N_("The server encountered an internal error and was unable to complete your request. Either the server "
       "is overloaded or there is an error in the application."),
    N_("Not Implemented"), N_("The server does not support the action requested by the browser."),
    N_("Bad Gateway"), N_("The proxy server received an invalid response from an upstream server."),
    N_("Service Unavailable"),
    N_("The server is temporarily unable to service your request due to maintenance downtime or capacity "
       "problems. Please try again later."),
)

VALIDATION_ERRORS = (
    N_("Missing data for required field."), N_("Field may not be null."), N_("Unknown field."),
    N_("Invalid input type."), N_("Invalid input."), N_("Invalid type."), N_("Invalid value."),
    N_("Not a valid string."), N_("Not a valid utf-8 string."), N_("Not a valid integer."),
    N_("Not a valid number."), N_("Number too large."), N_("Not a valid boolean."), N_("Not a valid list."),
    N_("Not a valid tuple."), N_("Not a valid mapping type."), N_("Not a valid date."),
    N_("Not a valid datetime."), N_("Not a valid time."), N_("Not a valid naive datetime."),
    N_("Not a valid aware datetime."), N_("Not a valid period of time."), N_("Not a valid email address."),
    N_("Not a valid URL."), N_("Not a valid UUID."), N_("Not a valid IP address."),
    N_("Not a valid IPv4 address."), N_("Not a valid IPv6 address."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("String does not match expected pattern."), N_("Invalid JSON body."),
)

# Flask-WTF's CSRF refusals (a 400 page) and Flask-Login's flash on the way to sign-in.
OTHER_LIBRARIES = (
    N_("The CSRF token is missing."), N_("The CSRF session token is missing."), N_("The CSRF token has expired."),
    N_("The CSRF token is invalid."), N_("The CSRF tokens do not match."), N_("The referrer header is missing."),
    N_("The referrer does not match the host."), N_("Please log in to access this page."),
)

# Messages with values filled in; {name} marks a value, kept as it is in the translation.
TEMPLATES = (
    N_("Length must be between {min} and {max}."), N_("Length must be {equal}."),
    N_("Shorter than minimum length {min}."), N_("Longer than maximum length {max}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than {min} and less than {max}."),
    N_("Must be greater than or equal to {min} and less than {max}."),
    N_("Must be greater than {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min}."), N_("Must be greater than {min}."),
    N_("Must be less than or equal to {max}."), N_("Must be less than {max}."),
    N_("Must be one of: {choices}."), N_("Must be equal to {other}."),
    N_("One or more of the choices you made was not in: {choices}."),
    N_("One or more of the choices you made was in: {values}."),
    N_("\"{input}\" cannot be formatted as a date."), N_("\"{input}\" cannot be formatted as a datetime."),
)

_PLACEHOLDER = re.compile(r"\\\{(\w+)\\\}")
_PATTERNS = tuple((re.compile("^" + _PLACEHOLDER.sub(r"(?P<\1>.+?)", re.escape(t)) + "$", re.S), t)
                  for t in TEMPLATES)


def translate_message(message):
    """`message` in the current language when it is a library text we know; otherwise unchanged."""
    if not isinstance(message, str) or not message:
        return message
    translated = gettext(message)
    if translated != message:
        return translated
    for pattern, template in _PATTERNS:
        found = pattern.match(message)
        if found:
            return gettext(template).format(**found.groupdict())
    return message


def translate_messages(messages):
    """A tree of error messages ({field: [msg]} and nested lists or dicts) with each text translated.

    A field's lone message (a schema validator's `ValidationError(_l(...), "field")`
    keeps a lazy string as it is) becomes a list, the shape every field error has.
    """
    if isinstance(messages, dict):
        return {key: translate_messages(value if isinstance(value, (dict, list, tuple)) else [value])
                for key, value in messages.items()}
    if isinstance(messages, (list, tuple)):
        return [translate_messages(value) for value in messages]
    return translate_message(messages)
