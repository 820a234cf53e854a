"""What the module offers other plugins (declared with `crm_hookspecs`; the plugin guide in docs/, "Task dispatch").

A plugin asks for one of its records to be dispatched (`task_dispatch_request`),
hears back when that task moves on (`task_dispatch_task_changed`, implemented with
`@hookimpl(optionalhook=True)` so the plugin works without this module), and may
add its own soft factors and hard rules to the dispatch policy.
"""
from crm_platform.sdk import hookspec


class DispatchSpecs:
    """The hookspecs of the task dispatch module."""

    @hookspec
    def task_dispatch_request(self, kind, record_id, title, region, customer_id, due, skills, url):
        """Choose who takes a piece of work: return a user id, or None to leave it to the asker."""

    @hookspec
    def task_dispatch_task_changed(self, kind, record_id, task_id, status, assignee_id):
        """A task another module asked for was assigned, reassigned, started, finished or cancelled."""

    @hookspec
    def task_dispatch_factors(self):
        """Soft factors the plugin adds to the policy: a list of {"key", "label", "description", "score"}."""

    @hookspec
    def task_dispatch_rules(self):
        """Hard rules the plugin adds to the policy: a list of {"key", "label", "check"}."""
