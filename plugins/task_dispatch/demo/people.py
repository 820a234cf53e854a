"""The dispatch demo's people: the catalogue, a profile for each of the demo's reps and managers, their
certificates, and a few customers' preferred and excluded people.

Everything goes through the features' own services (their checks, their audit
trail), made by the workspace's admin. The demo's people are its sales reps and
managers: the core's demo makes no one else, and the SDK offers plugins no way to
add users, so the firm's engineers are the people it has.
"""
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

from crm_platform.sdk import Customer, User, db, sales_region_names

from plugins.task_dispatch.catalogue.service import create_item
from plugins.task_dispatch.demo.plan import CERTIFICATES, MANAGER_PROFILES, REP_PROFILES, RESOURCES, SKILLS
from plugins.task_dispatch.profiles.certifications import add_certification
from plugins.task_dispatch.profiles.customer_people import add_person
from plugins.task_dispatch.profiles.service import create_profile

CERTIFICATE_DAYS = {"soon": (15, 25), "expired": (-60, -20), "valid": (300, 1100)}
"""Days from today to a certificate's expiry, by its validity in the plan (low, high)."""


def staff():
    """The workspace's active admin, managers and reps (by email, so the same people every run)."""
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.email)).all()
    return SimpleNamespace(admin=next(user for user in users if user.role == "admin"),
                           managers=[user for user in users if user.role == "manager"],
                           reps=[user for user in users if user.role == "rep"])


def seed_catalogue(admin, texts):
    """The skills (two need a certificate) and the resources: vehicles, tools, licences."""
    for key, certified in SKILLS:
        create_item(admin, {"kind": "skill", "key": key, "name": texts.skills[key], "certified": certified})
    for key, category in RESOURCES:
        create_item(admin, {"kind": "resource", "key": key, "name": texts.resources[key], "category": category})


def home_regions(users):
    """{user id: the sales region most of their customers are in}, a different one for each where it can be."""
    names = sales_region_names()
    counts = Counter()
    for owner_id, region, count in db.session.execute(
            select(Customer.owner_id, Customer.region, func.count())
            .where(Customer.owner_id.in_([user.id for user in users]), Customer.region.in_(names))
            .group_by(Customer.owner_id, Customer.region)).all():
        counts[owner_id, region] = count
    chosen = {}
    for user in users:
        ranked = sorted((region for region in names if counts[user.id, region]),
                        key=lambda region: (-counts[user.id, region], names.index(region)))
        free = [region for region in ranked if region not in chosen.values()]
        chosen[user.id] = (free or ranked or [None])[0]
    return chosen


def seed_profiles(rng, texts, team, today):
    """A profile per rep and manager from the plan, with certificates; {plan key: user}, {user id: plan}."""
    planned = [(user, REP_PROFILES[n % len(REP_PROFILES)]) for n, user in enumerate(team.reps)]
    planned += [(user, MANAGER_PROFILES[n % len(MANAGER_PROFILES)]) for n, user in enumerate(team.managers)]
    regions = home_regions([user for user, _ in planned])
    by_key, plans = {}, {}
    for user, plan in planned:
        hired = today - timedelta(days=round(plan["hired"] * 365.25) + rng.randint(0, 20))
        posted = max(hired, today - timedelta(days=round(plan["posted"] * 365.25) + rng.randint(0, 20)))
        profile = create_profile(team.admin, user, {
            "home_region": regions[user.id], "hire_date": hired, "post_date": posted, "capacity": plan["capacity"],
            "skills": dict(plan["skills"]), "resources": list(plan["resources"]), "note": texts.notes[plan["key"]]})
        for certificate, validity in plan["certificates"]:
            low, high = CERTIFICATE_DAYS[validity]
            add_certification(team.admin, profile, {
                "name": texts.certificates[certificate], "skill_key": CERTIFICATES[certificate],
                "number": f"T{rng.randrange(10 ** 17, 10 ** 18)}",
                "expires_on": today + timedelta(days=rng.randint(low, high))})
        by_key.setdefault(plan["key"], user)
        plans[user.id] = plan
    return by_key, plans


def seed_customer_people(texts, admin, by_key, customers):
    """Two customers prefer an engineer (the senior one, the installer); a third excludes the new hire."""
    wishes = [("senior", "preferred", "preferred"), ("installer", "preferred", "preferred_2"),
              ("junior", "excluded", "excluded")]
    for customer, (plan_key, relation, note) in zip(customers, wishes):
        if plan_key in by_key:
            add_person(admin, customer, {"user_id": by_key[plan_key].id, "relation": relation,
                                         "note": texts.customer_people[note]})
