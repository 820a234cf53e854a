"""The hard rules: each one refuses whom it should, says so by name, and leaves the others in the ranking."""
from datetime import date

from dispatch_scoring_kit import (
    NOW, add_certification, add_customer_person, add_item, add_profile, make_task, utc,
)
from crm_platform.sdk import TimeOff, User
from plugins.task_dispatch.policy.defaults import DEFAULT_PARAMETERS, Policy
from plugins.task_dispatch.scoring.engine import build_context, matrix, rank


def people(dispatch, *keys):
    """The acme user ids of world users `keys`."""
    return [dispatch.acme.users[key].id for key in keys]


def reasons_of(ranking, user_id):
    """The rule keys refusing `user_id`."""
    return [entry["rule"] for entry in ranking.reasons(user_id)]


def candidates(ranking):
    """The candidates' user ids, best first."""
    return [scored.user_id for scored in ranking.candidates]


def test_required_skills_at_or_above_the_minimum_level(dispatch, tenant_session):
    low, exact, high = people(dispatch, "rep_n1", "rep_n2", "rep_s1")
    with tenant_session("acme") as session:
        add_item(session, "skill", "boilers", "Boilers")
        add_profile(session, low, skills={"boilers": 2})
        add_profile(session, exact, skills={"boilers": 3})
        add_profile(session, high, skills={"boilers": 5})
        task = make_task(session, low, required_skills=[{"skill": "boilers", "level": 3}])
        ranking = rank(build_context(now=NOW), task)
        assert set(candidates(ranking)) == {exact, high}
        assert reasons_of(ranking, low) == ["skills"]
        assert ranking.reasons(low)[0]["text"] == "Required skills: “Boilers” below level 3"


def test_a_certified_skill_counts_only_with_a_certificate_valid_on_the_due_date(dispatch, tenant_session):
    valid, expiring, expired, none, forever = people(dispatch, "rep_n1", "rep_n2", "rep_s1", "manager_north",
                                                     "manager_south")
    with tenant_session("acme") as session:
        add_item(session, "skill", "gas", "Gas safety", certified=True)
        for user_id, expires in ((valid, date(2026, 6, 1)), (expiring, date(2026, 3, 12)),
                                 (expired, date(2026, 1, 1)), (forever, None)):
            add_certification(session, add_profile(session, user_id, skills={"gas": 4}), "gas", expires)
        add_profile(session, none, skills={"gas": 4})
        task = make_task(session, valid, required_skills=[{"skill": "gas", "level": 2}], due=utc(2026, 3, 13, 18))
        ranking = rank(build_context(now=NOW), task)
        assert set(candidates(ranking)) == {valid, forever}
        for refused in (expiring, expired, none):
            assert reasons_of(ranking, refused) == ["certification"]
        assert "Gas safety" in ranking.reasons(none)[0]["text"]
        # Without a due date the certificate must be valid today: the one expiring on the 12th still is.
        open_ended = make_task(session, valid, required_skills=[{"skill": "gas", "level": 2}], due=None)
        assert set(candidates(rank(build_context(now=NOW), open_ended))) == {valid, forever, expiring}


def test_required_resources_are_held(dispatch, tenant_session):
    driver, walker = people(dispatch, "rep_n1", "rep_n2")
    with tenant_session("acme") as session:
        add_item(session, "resource", "van", "Service van")
        add_profile(session, driver, resources=["van", "ladder"])
        add_profile(session, walker, resources=["ladder"])
        task = make_task(session, driver, required_resources=["van", "ladder"])
        ranking = rank(build_context(now=NOW), task)
        assert candidates(ranking) == [driver]
        assert ranking.reasons(walker) == [{"rule": "resources",
                                            "text": "Required resources: does not hold “Service van”"}]


def test_nobody_is_on_duty_in_a_window_inside_the_spring_festival(dispatch, tenant_session):
    someone, = people(dispatch, "rep_n2")
    with tenant_session("acme") as session:
        add_profile(session, someone)
        festival = make_task(session, someone, earliest_start=utc(2026, 2, 16), due=utc(2026, 2, 20, 23))
        ranking = rank(build_context(now=utc(2026, 2, 10)), festival)
        assert candidates(ranking) == [] and reasons_of(ranking, someone) == ["on_duty"]
        after = make_task(session, someone, earliest_start=utc(2026, 2, 16), due=utc(2026, 2, 24, 12))
        assert candidates(rank(build_context(now=utc(2026, 2, 10)), after)) == [someone]


def test_a_make_up_saturday_is_a_working_day_an_ordinary_saturday_is_not(dispatch, tenant_session):
    someone, = people(dispatch, "rep_n2")
    with tenant_session("acme") as session:
        add_profile(session, someone)
        make_up = make_task(session, someone, earliest_start=utc(2026, 2, 14, 8), due=utc(2026, 2, 14, 20))
        ranking = rank(build_context(now=utc(2026, 2, 10)), make_up)
        assert candidates(ranking) == [someone]
        assert ranking.candidates[0].factors["urgency"]["value"] == 1.0
        ordinary = make_task(session, someone, earliest_start=utc(2026, 3, 7, 8), due=utc(2026, 3, 7, 20))
        assert reasons_of(rank(build_context(now=NOW.replace(day=2)), ordinary), someone) == ["on_duty"]


def test_a_company_day_off_closes_the_window(dispatch, tenant_session):
    someone, = people(dispatch, "rep_n2")
    with tenant_session("acme") as session:  # the world's acme has Monday 2 March 2026 off ("Company outing")
        add_profile(session, someone)
        outing = make_task(session, someone, earliest_start=utc(2026, 3, 2), due=utc(2026, 3, 2, 23))
        assert reasons_of(rank(build_context(now=utc(2026, 2, 27)), outing), someone) == ["on_duty"]


def test_time_off_covering_the_window_refuses_partial_time_off_lowers_urgency(dispatch, tenant_session):
    away, partly, present = people(dispatch, "rep_n1", "rep_n2", "rep_s1")
    with tenant_session("acme") as session:
        for user_id in (away, partly, present):
            add_profile(session, user_id)
        session.add_all([TimeOff(user_id=away, starts_at=utc(2026, 3, 9), ends_at=utc(2026, 3, 14)),
                         TimeOff(user_id=partly, starts_at=utc(2026, 3, 9), ends_at=utc(2026, 3, 10)),
                         TimeOff(user_id=partly, starts_at=utc(2026, 3, 9, 12), ends_at=utc(2026, 3, 11))])
        session.flush()
        task = make_task(session, away, due=utc(2026, 3, 13, 18))  # Monday 01:00 to Friday 18:00: 5 days of 8 hours
        ranking = rank(build_context(now=NOW), task)
        assert candidates(ranking) == [present, partly]
        assert reasons_of(ranking, away) == ["on_duty"]
        urgency = {scored.user_id: scored.factors["urgency"]["value"] for scored in ranking.candidates}
        assert urgency == {present: 1.0, partly: 0.6}  # the overlapping periods count once: 2 days of 5


def test_a_year_without_holiday_data_uses_plain_working_hours_and_says_so(dispatch, tenant_session):
    someone, = people(dispatch, "rep_n2")
    with tenant_session("acme") as session:
        add_profile(session, someone)
        next_year = make_task(session, someone, earliest_start=utc(2027, 1, 4), due=utc(2027, 1, 8, 18))
        ranking = rank(build_context(now=NOW), next_year)
        assert candidates(ranking) == [someone]
        assert ranking.notes == ["No public holiday data for 2027: working hours without public holidays were used."]
        assert rank(build_context(now=NOW), make_task(session, someone)).notes == []


def test_capacity_left_covers_the_effort_in_a_ranking_but_not_in_the_matrix(dispatch, tenant_session):
    busy, free = people(dispatch, "rep_n1", "rep_n2")
    with tenant_session("acme") as session:
        add_profile(session, busy, capacity=5)
        add_profile(session, free, capacity=5)
        make_task(session, busy, effort=3, status="in_progress", assignee_id=busy)
        make_task(session, busy, effort=5, status="done", assignee_id=busy)
        task = make_task(session, busy, effort=3)
        ctx = build_context(now=NOW)
        ranking = rank(ctx, task)
        assert candidates(ranking) == [free] and reasons_of(ranking, busy) == ["capacity"]
        assert candidates(rank(ctx, make_task(session, busy, effort=2))) == [free, busy]
        _totals, eligible = matrix(ctx, [task])
        assert eligible.shape == (1, 2) and eligible.all()
        # Ranked again once assigned, the holder's load does not count the task twice.
        mine = make_task(session, busy, effort=2, status="assigned", assignee_id=busy)
        assert busy in candidates(rank(build_context(now=NOW), mine))


def test_a_strict_region_refuses_other_regions_a_preferred_one_only_scores(dispatch, tenant_session):
    north, south, nowhere = people(dispatch, "rep_n1", "rep_s1", "rep_n2")
    with tenant_session("acme") as session:
        add_profile(session, north, home_region="North")
        add_profile(session, south, home_region="South")
        add_profile(session, nowhere)
        task = make_task(session, north, region="North")
        strict = Policy(version=3, parameters={**DEFAULT_PARAMETERS, "region_mode": "strict"})
        ranking = rank(build_context(policy=strict, now=NOW), task)
        assert candidates(ranking) == [north] and ranking.policy_version == 3
        assert reasons_of(ranking, south) == ["region"] and reasons_of(ranking, nowhere) == ["region"]
        assert set(candidates(rank(build_context(policy=strict, now=NOW), make_task(session, north)))) == {
            north, south, nowhere}
        assert candidates(rank(build_context(now=NOW), task))[0] == north


def test_someone_the_customer_excluded_is_refused_for_its_tasks_only(dispatch, tenant_session):
    banned, other = people(dispatch, "rep_n1", "rep_n2")
    alpha, beta = dispatch.acme.customers["n1_alpha"].id, dispatch.acme.customers["n1_beta"].id
    with tenant_session("acme") as session:
        add_profile(session, banned)
        add_profile(session, other)
        add_customer_person(session, alpha, banned, "excluded")
        ranking = rank(build_context(now=NOW), make_task(session, banned, customer_id=alpha))
        assert candidates(ranking) == [other] and reasons_of(ranking, banned) == ["excluded"]
        assert set(candidates(rank(build_context(now=NOW), make_task(session, banned, customer_id=beta)))) == {
            banned, other}


def test_only_active_people_whose_profile_takes_tasks_are_candidates(dispatch, tenant_session):
    resting, gone, working, no_profile = people(dispatch, "rep_n1", "rep_n2", "rep_s1", "manager_south")
    with tenant_session("acme") as session:
        add_profile(session, resting, takes_tasks=False)
        add_profile(session, gone)
        add_profile(session, working)
        session.get(User, gone).active = False
        session.flush()
        ranking = rank(build_context(now=NOW), make_task(session, working))
        assert candidates(ranking) == [working]
        for user_id in (resting, gone, no_profile):
            assert reasons_of(ranking, user_id) == ["takes_tasks"]
        assert ranking.reasons(working) == []
