"""Between HTML forms and marshmallow schemas: form input in, field errors out.

Pages validate with the same schemas as the API; these helpers only reshape
what a browser sends and flatten schema errors to one message per field, shown
next to the field by the macros in templates/_fields.html.
"""
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from crm_platform.i18n.library_messages import translate_message


def form_input(form, names):
    """The submitted values of the fields `names` (absent fields stay absent)."""
    return {name: form[name] for name in names if name in form}


def query_input(args, names):
    """Query-string filters with blanks dropped ("any status" is an empty select)."""
    return {name: args[name].strip() for name in names if args.get(name, "").strip()}


def list_page(schema, raw, fetch):
    """(items, next_cursor, problem) of a list page: `fetch(schema.load(raw))`, or the problem to show, translated.

    `fetch` returns (items, next_cursor), e.g. from keyset_page; filters the
    schema refuses and a cursor keyset_page refuses (a 400) become an empty
    page and a message, so the page answers 400 with its filters still shown.
    """
    try:
        items, next_cursor = fetch(schema.load(raw))
    except ValidationError:
        return [], None, _("Some filters are not valid; correct them and try again.")
    except BadRequest:
        return [], None, _("This page link is no longer valid; start again from the first page.")
    return items, next_cursor, None


def field_errors(error):
    """A ValidationError as {field: "message"} for showing next to each field."""
    messages = error.messages if isinstance(error, ValidationError) else error
    if not isinstance(messages, dict):
        return {"_form": _flatten(messages)}
    found = {field: _flatten(problem) for field, problem in messages.items()}
    # Custom fields are inputs of their own (cf_<key>), each with its own message.
    custom = messages.get("custom_fields")
    if isinstance(custom, dict):
        found.update({f"cf_{key}": _flatten(problem) for key, problem in custom.items()})
    return found


def _flatten(problem):
    """Nested schema messages (lists, per-item dicts) as one readable string."""
    if isinstance(problem, dict):
        return " ".join(_flatten(p) for p in problem.values())
    if isinstance(problem, (list, tuple)):
        return " ".join(_flatten(p) for p in problem)
    return translate_message(str(problem))
