"""Between HTML forms and marshmallow schemas: form input in, field errors out.

Pages validate with the same schemas as the API; these helpers only reshape
what a browser sends and flatten schema errors to one message per field, shown
next to the field by the macros in templates/_fields.html.
"""
from marshmallow import ValidationError

from crm_platform.i18n.library_messages import translate_message


def form_input(form, names):
    """The submitted values of the fields `names` (absent fields stay absent)."""
    return {name: form[name] for name in names if name in form}


def query_input(args, names):
    """Query-string filters with blanks dropped ("any status" is an empty select)."""
    return {name: args[name].strip() for name in names if args.get(name, "").strip()}


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
