"""What the module offers other plugins (declared with `crm_hookspecs`; docs/service.md, "For other plugins").

Requests another module asks with `ask_plugins`: only a workspace that enabled
this module answers, so the asker gets `[]` and falls back as it documents when
the module is off or not installed.
"""
from crm_platform.sdk import hookspec


class ServiceSpecs:
    """The hookspecs of the service support module."""

    @hookspec
    def service_support_open_complaints(self):
        """{customer id: open complaint tickets} of the workspace in scope (complaints not resolved or closed)."""
