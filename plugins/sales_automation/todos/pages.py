"""What the pages of the competitors and to-dos features share: where a form goes back to, links to other pages."""
from flask import redirect, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest
from werkzeug.routing import BuildError

from crm_platform.sdk import gettext as _, local_next



def back(fallback):
    """A redirect to the form's `next` field (or query argument) when it is local, else to `fallback`."""
    return redirect(local_next(request.values.get("next"), fallback))


def page_url(endpoint, **values):
    """The URL of another feature's page when the app has it (features arrive one by one), else None."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def list_page(schema, raw, fetch):
    """(items, next_cursor, problem) of a list page: `fetch(args)` on `raw` loaded by `schema`, or what is wrong."""
    try:
        items, next_cursor = fetch(schema.load(raw))
    except ValidationError:
        return [], None, _("Some filters are not valid.")
    except BadRequest:  # a cursor that keyset_page refused
        return [], None, _("This page link is no longer valid; start again from the first page.")
    return items, next_cursor, None
