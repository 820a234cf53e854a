"""Test helpers of batch optimisation: a workspace with people who take tasks and unassigned tasks to batch."""
from dispatch_tasks_kit import make_catalogue, make_profile, make_task

PEOPLE = ("rep_n1", "rep_n2", "rep_s1")


def batch_world(world, tenant_session, tenant="acme", tasks=4, efforts=None, capacity=2):
    """Plumbers rep_n1 (level 5), rep_n2 (3), rep_s1 (2), each of `capacity`; `tasks` plumbing tasks; their ids."""
    make_catalogue(tenant_session, tenant)
    for key, level in zip(PEOPLE, (5, 3, 2)):
        make_profile(world, tenant_session, key, tenant, capacity=capacity, skills={"plumbing": level})
    efforts = efforts or [1] * tasks
    return [make_task(world, tenant_session, tenant, effort=effort, priority="urgent" if i == 0 else "normal",
                      required_skills=[{"skill": "plumbing", "level": 1}]).id for i, effort in enumerate(efforts)]
