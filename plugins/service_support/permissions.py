"""The module's permissions and the role it adds (granted through crm_roles and crm_permissions)."""
from crm_platform.sdk import Role, lazy_gettext as _l

CONFIGURE = "service.configure"
"""SLA policies and the module's settings pages."""
KNOWLEDGE = "service.knowledge"
"""Write and publish knowledge base articles and the workspace's shared canned replies."""
METRICS = "service.metrics"
"""See the service metrics of every person and team the user may see."""

AGENT = Role("service_agent", _l("Service agent"), "all", frozenset({KNOWLEDGE}))
"""Customer service staff: see every customer (any of them may call), work tickets, keep the knowledge base."""

GRANTS = {
    CONFIGURE: ["admin"],
    KNOWLEDGE: ["admin", "executive", "manager"],
    METRICS: ["admin", "executive", "manager"],
}
