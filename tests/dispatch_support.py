"""A stand-in for the task dispatch module, for the tests of the modules that ask it (leads, tickets)."""
import pytest

from crm_platform.sdk import hookimpl, hookspec


class TaskDispatch:
    """Declares the task dispatch request (docs/plugins.md), records each one it is asked, answers `answer`."""

    class Specs:
        @hookspec
        def task_dispatch_request(self, kind, record_id, title, region, customer_id, due, skills):
            """Choose who takes a piece of work; return a user id or None."""

    def __init__(self):
        self.requests = []
        self.answer = None

    @hookimpl
    def crm_hookspecs(self):
        return self.Specs

    @hookimpl
    def task_dispatch_request(self, kind, record_id, title, region, customer_id, due, skills):
        self.requests.append(dict(kind=kind, record_id=record_id, title=title, region=region,
                                  customer_id=customer_id, due=due, skills=skills))
        return self.answer


DISPATCH = TaskDispatch()
"""The one stand-in the tests install (as plugin `task_dispatch`); clear `requests` and set `answer` per test."""
WITH_DISPATCH = pytest.mark.app_config(CRM_PLUGINS={"task_dispatch": DISPATCH})
"""Mark a test to run with the stand-in installed."""
