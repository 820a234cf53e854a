"""What the pages of the competitors and to-dos features share: where a form goes back to, links to other pages."""
from flask import redirect, request, url_for
from werkzeug.routing import BuildError

from crm_platform.sdk import local_next


def back(fallback):
    """A redirect to the form's `next` field (or query argument) when it is local, else to `fallback`."""
    return redirect(local_next(request.values.get("next"), fallback))


def page_url(endpoint, **values):
    """The URL of another feature's page when the app has it (features arrive one by one), else None."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None
