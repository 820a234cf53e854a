"""A stand-in for the task dispatch module, for the tests of the modules that ask it (leads, tickets).

The real module (plugins/task_dispatch) declares the request; the stand-in answers
it under its own name, so a test enables STANDIN and leaves `task_dispatch` off.
"""
import pytest

from crm_platform.sdk import hookimpl

STANDIN = "dispatch_standin"
"""The name the stand-in is installed under: enable it per workspace like a module."""


class TaskDispatch:
    """Answers the task dispatch request (docs/plugins.md), records each one it is asked, answers `answer`."""

    def __init__(self):
        self.requests = []
        self.answer = None

    @hookimpl
    def task_dispatch_request(self, kind, record_id, title, region, customer_id, due, skills, url):
        self.requests.append(dict(kind=kind, record_id=record_id, title=title, region=region,
                                  customer_id=customer_id, due=due, skills=skills, url=url))
        return self.answer


DISPATCH = TaskDispatch()
"""The one stand-in the tests install (as plugin STANDIN); clear `requests` and set `answer` per test."""
WITH_DISPATCH = pytest.mark.app_config(CRM_PLUGINS={STANDIN: DISPATCH})
"""Mark a test to run with the stand-in installed."""
