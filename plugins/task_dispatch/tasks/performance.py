"""A person's performance figure, derived from their finished tasks (never typed in).

Over the person's last `WINDOW` done tasks (newest finished first):
- on-time rate = (tasks finished at or before their due time) / (tasks that had a due time);
- mean rating = the mean of the ratings given (1 to 5), read as (mean - 1) / 4 on 0..1;
- performance = the mean of those two figures, or the one that exists; none without either.
`performance_tasks` counts the done tasks looked at, so the scoring factor can pull a
short record toward neutral (the policy's `performance_prior_tasks`) and cap it
(`performance_cap`): that belongs to the policy, not to the stored figure.
Refreshed when a task is finished and when a finished task is rated.
"""
from sqlalchemy import select

from crm_platform.sdk import db, utcnow

from plugins.task_dispatch.models import Profile, Task

WINDOW = 20
"""How many of a person's most recent finished tasks the figure looks at."""


def figures(tasks):
    """(on-time rate or None, mean rating or None, performance 0..1 or None) of finished `tasks`."""
    timed = [task for task in tasks if task.due is not None and task.finished_at is not None]
    on_time = sum(1 for task in timed if task.finished_at <= task.due) / len(timed) if timed else None
    ratings = [task.rating for task in tasks if task.rating is not None]
    rating = sum(ratings) / len(ratings) if ratings else None
    parts = [value for value in (on_time, None if rating is None else (rating - 1) / 4) if value is not None]
    return on_time, rating, sum(parts) / len(parts) if parts else None


def refresh_performance(user_id):
    """Recompute the performance columns of `user_id`'s profile from their finished tasks; the profile or None.

    A person without a profile has nothing to refresh. Not committed.
    """
    profile = db.session.scalar(select(Profile).where(Profile.user_id == user_id)) if user_id else None
    if profile is None:
        return None
    tasks = db.session.scalars(select(Task).where(Task.assignee_id == user_id, Task.status == "done")
                               .order_by(Task.finished_at.desc(), Task.id.desc()).limit(WINDOW)).all()
    on_time, rating, performance = figures(tasks)
    profile.performance_tasks = len(tasks)
    profile.performance_on_time = on_time
    profile.performance_rating = rating
    profile.performance = performance
    profile.performance_at = utcnow()
    db.session.flush()
    return profile
