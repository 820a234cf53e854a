"""The task form of the pages: posted values to the schema's input, a task back to the form's values, its choices.

Required skills are rows of (skill, minimum level) named `skill_<n>` and `level_<n>`;
a row with no skill is left out. Times are `datetime-local` inputs read in the
reader's time zone.
"""

from sqlalchemy import and_, or_, select

from crm_platform.sdk import Customer, customer_criterion, db, local_to_utc, sales_region_names, to_user_timezone

from plugins.task_dispatch.models import CatalogueItem

TEXT_FIELDS = ("title", "description", "customer_id", "region", "priority", "effort")
TIME_FIELDS = ("earliest_start", "due")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
BLANK_SKILL_ROWS = 2
"""Empty skill rows offered below the task's own, so more are added without JavaScript."""


def local_value(moment):
    """An aware UTC `moment` as a `datetime-local` value in the reader's time zone ("" for None)."""
    return to_user_timezone(moment).strftime(LOCAL_FORMAT) if moment else ""


def posted(form, nullable=False):
    """The schema's input from a posted task form: blanks left out (or None with `nullable`, for an edit)."""
    data = {}
    for name in (*TEXT_FIELDS, *TIME_FIELDS):
        value = form.get(name, "").strip()
        if value:
            data[name] = local_to_utc(value) if name in TIME_FIELDS else value
        elif nullable and name not in ("title", "priority", "effort"):
            data[name] = None
    data["required_skills"] = [{"skill": form.get(f"skill_{n}"), "level": form.get(f"level_{n}", "").strip() or 1}
                               for n in _row_numbers(form) if form.get(f"skill_{n}", "").strip()]
    data["required_resources"] = [key for key in form.getlist("required_resources") if key.strip()]
    return data


def _row_numbers(form):
    """The numbers of the skill rows posted, in order (ASCII digits only: str.isdigit() also takes "²")."""
    return sorted({int(name[6:]) for name in form
                   if name.startswith("skill_") and name[6:].isascii() and name[6:].isdigit()})


def form_values(form=None, task=None, customer_id=""):
    """What the form shows: the posted values, else the task's, else a new task's (for `customer_id`)."""
    if form is not None:
        values = {name: form.get(name, "") for name in (*TEXT_FIELDS, *TIME_FIELDS)}
        skills = [(form.get(f"skill_{n}", ""), form.get(f"level_{n}", "")) for n in _row_numbers(form)]
        resources = form.getlist("required_resources")
    elif task is not None:
        values = {name: getattr(task, name) for name in TEXT_FIELDS}
        values.update({name: local_value(getattr(task, name)) for name in TIME_FIELDS})
        skills = [(need["skill"], need["level"]) for need in task.required_skills]
        resources = list(task.required_resources)
    else:
        values, skills, resources = {"priority": "normal", "effort": 1, "customer_id": customer_id}, [], []
    values["skill_rows"] = [*skills, *[("", "")] * BLANK_SKILL_ROWS]
    values["resources"] = set(resources)
    return values


def choices(user, task=None):
    """The form's choices: customers `user` may see, sales regions, and the catalogue's live skills and resources.

    Editing `task`, the archived items it already requires are offered too: a
    select or box without them would drop them from the task on saving.
    """
    kept = CatalogueItem.archived.is_(False)
    if task is not None:
        kept = or_(kept, and_(CatalogueItem.kind == "skill",
                              CatalogueItem.key.in_([need["skill"] for need in task.required_skills or []])),
                   and_(CatalogueItem.kind == "resource", CatalogueItem.key.in_(list(task.required_resources or []))))
    items = db.session.scalars(select(CatalogueItem).where(kept)
                               .order_by(CatalogueItem.name, CatalogueItem.key)).all()
    customers = db.session.execute(select(Customer.id, Customer.name).where(customer_criterion(user))
                                   .order_by(Customer.name, Customer.id).limit(500))
    return {"customers": [(str(row.id), row.name) for row in customers],
            "regions": [(name, name) for name in sales_region_names()],
            "skills": [(item.key, item.name) for item in items if item.kind == "skill"],
            "resources": [(item.key, item.name) for item in items if item.kind == "resource"]}
