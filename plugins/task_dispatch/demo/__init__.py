"""The demo workspace's dispatch data: skills, resources, technicians' profiles, tasks (crm_demo_data)."""


def fill(seed, chinese, echo):
    """Fill the demo workspace (in scope) with dispatch data; `chinese` picks Chinese names and texts."""
