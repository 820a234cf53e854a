"""compute(): what it reads (cents exactly, the workspace currency, up to as_of, every customer, complaints,
advocates), the Score rows it replaces in one transaction, and the Run it records."""
from datetime import date
from decimal import Decimal

import pytest
from insights_runs_kit import add_purchases, add_referral, runs, scores

from plugins.customer_insights.runs import loading, pipeline

AS_OF = date(2025, 6, 30)
ROWS = [
    ("n1_alpha", date(2025, 1, 10), "100.00"), ("n1_alpha", date(2025, 3, 15), "250.50"),
    ("n1_alpha", date(2025, 6, 1), "0.01"),
    ("n1_alpha", date(2025, 7, 5), "999.00"),  # after as_of
    ("n1_alpha", date(2025, 5, 1), "50.00", "USD"),  # another currency
    ("n1_beta", date(2023, 1, 1), "80.00"),
    ("n2", date(2025, 6, 20), "12345678.99"),
    ("s1_shared", date(2024, 1, 15), "40.00"), ("s1_shared", date(2025, 6, 25), "60.00"),
]


@pytest.fixture
def history(insights, tenant_session):
    """acme's purchases and referrals: one customer per layer the rules can tell apart on this data."""
    add_purchases(insights, tenant_session, ROWS)
    add_referral(insights, tenant_session, "s1_shared", date(2025, 3, 1))
    add_referral(insights, tenant_session, "n2", date(2024, 6, 30))  # exactly 365 days before: still within
    add_referral(insights, tenant_session, "n1_beta", date(2024, 6, 29))  # one day too early
    add_referral(insights, tenant_session, "n1_alpha", date(2025, 7, 1))  # after as_of
    return insights


def compute(world, tenant_session, tenant="acme", **kwargs):
    """Run compute() in `tenant`'s scope; the Run's id."""
    with tenant_session(tenant):
        return pipeline.compute(AS_OF, **kwargs).id


def test_every_customer_gets_its_figures_from_the_purchases_read_exactly(history, tenant_session):
    compute(history, tenant_session)
    got = scores(history, tenant_session)
    assert set(got) == set(history.acme.customers)  # those who never bought too
    alpha, beta, n2, shared = got["n1_alpha"], got["n1_beta"], got["n2"], got["s1_shared"]
    assert (alpha["revenue"], alpha["purchases"], alpha["frequency"]) == (Decimal("350.51"), 3, 3)
    assert (alpha["first_purchase_on"], alpha["last_purchase_on"], alpha["recency_days"]) == (
        date(2025, 1, 10), date(2025, 6, 1), 29)
    assert (n2["revenue"], n2["abc_class"], n2["revenue_rank"]) == (Decimal("12345678.99"), "A", 1)
    assert (shared["revenue"], shared["purchases"], shared["frequency"]) == (Decimal("60.00"), 2, 1)
    assert (beta["revenue"], beta["abc_class"], beta["recency_days"]) == (Decimal("0.00"), None, 365 + 366 + 180)
    # Recency scores among the four buyers: s1_shared 5 days, n2 10, n1_alpha 29, n1_beta 911.
    assert [got[key]["r_score"] for key in ("s1_shared", "n2", "n1_alpha", "n1_beta")] == [4, 3, 2, 1]
    assert {key: row["advocate"] for key, row in got.items() if row["advocate"]} == {"s1_shared": True, "n2": True}
    assert {key: row["layer"] for key, row in got.items()} == {
        "n1_alpha": "leaving", "n1_beta": "lost", "n2": "advocate", "s1_shared": "advocate",
        "s1": "onlooker", "north_mgr": "onlooker", "house": "onlooker"}
    assert {row["as_of"] for row in got.values()} == {AS_OF}


def test_the_run_records_counts_models_and_what_was_left_out(history, tenant_session):
    run_id = compute(history, tenant_session, started_by=history.acme.users["admin"])
    (run,) = runs(tenant_session)
    assert run["id"] == run_id and run["status"] == "done" and run["error"] is None
    assert (run["customers"], run["purchases"], run["as_of"]) == (7, 7, AS_OF)
    assert run["started_by_id"] == history.acme.users["admin"].id and run["finished_at"] >= run["started_at"]
    assert run["models"]["left_out"]["other_currencies"] == {"USD": 1}
    assert {"bgnbd", "gamma_gamma", "period"} <= set(run["models"])


def test_a_second_run_replaces_the_scores_and_keeps_to_its_workspace(history, tenant_session):
    add_purchases(history, tenant_session, [("n1_alpha", date(2025, 2, 1), "7.00")], tenant="globex")
    compute(history, tenant_session)
    before = scores(history, tenant_session)
    add_purchases(history, tenant_session, [("s1", date(2025, 6, 29), "1.00")])
    compute(history, tenant_session)
    after = scores(history, tenant_session)
    assert len(after) == 7 and after["s1"]["purchases"] == 1 and before["s1"]["purchases"] == 0
    assert {row["id"] for row in after.values()}.isdisjoint(row["id"] for row in before.values())
    assert scores(history, tenant_session, "globex") == {}
    compute(history, tenant_session, "globex")
    assert scores(history, tenant_session, "globex")["n1_alpha"]["revenue"] == Decimal("7.00")
    assert scores(history, tenant_session) == after


def test_a_failed_run_keeps_the_previous_scores_and_says_why(history, tenant_session, monkeypatch):
    compute(history, tenant_session)
    before = scores(history, tenant_session)
    real = pipeline.analyse

    def breaking(*args, **kwargs):
        analysis = real(*args, **kwargs)
        good = analysis.records

        def records():
            for number, record in enumerate(good()):
                if number == 3:  # after the DELETE and a first INSERT
                    raise RuntimeError("the disk is full")
                yield record
        analysis.records = records
        return analysis

    monkeypatch.setattr(pipeline, "analyse", breaking)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    with pytest.raises(RuntimeError, match="the disk is full"):
        compute(history, tenant_session)
    assert scores(history, tenant_session) == before
    done, failed = runs(tenant_session)
    assert (done["status"], failed["status"], failed["error"]) == ("done", "failed", "the disk is full")
    assert failed["finished_at"] is not None


def test_progress_counts_rows_read_and_written_up_to_its_total(history, tenant_session):
    heard = []
    compute(history, tenant_session, progress=lambda done, total: heard.append((done, total)))
    total = 8 + 2 * 7  # purchases read (the USD one too), customers analysed and written
    assert heard[-1] == (total, total) and {t for _, t in heard} == {total}
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)


def test_open_complaints_are_asked_of_the_modules_and_added_up(history, tenant_session, monkeypatch):
    alpha, beta = history.acme.customers["n1_alpha"].id, history.acme.customers["n1_beta"].id
    asked = []

    def answers(hook, **kwargs):
        asked.append(hook)
        return [{alpha: 1}, {alpha: 2, str(beta): 1}]

    monkeypatch.setattr(loading, "ask_plugins", answers)
    compute(history, tenant_session)
    got = scores(history, tenant_session)
    assert asked == ["service_support_open_complaints"]
    assert {key: row["open_complaints"] for key, row in got.items() if row["open_complaints"]} == {
        "n1_alpha": 3, "n1_beta": 1}


def test_open_complaints_of_the_service_module_put_a_customer_on_the_edge(history, tenant_session, enable_plugin):
    from plugins.service_support.models import Ticket

    # With R ≤ 1 as the only recency warning, n1_alpha (R2, F4, M3, revenue growing) is an active regular...
    enable_plugin("acme", "customer_insights", settings={"leaving_max_r": 1})
    compute(history, tenant_session)
    assert scores(history, tenant_session)["n1_alpha"]["layer"] == "regular"
    # ... until two complaints are open (the third is closed): the default threshold is 2.
    enable_plugin("acme", "service_support")
    with tenant_session("acme") as session:
        for number, status in enumerate(("open", "pending", "closed")):
            session.add(Ticket(number=f"T-{number}", customer_id=history.acme.customers["n1_alpha"].id,
                               channel="phone", category="complaint", priority="normal", status=status,
                               subject="Late again", created_by_id=history.acme.users["admin"].id))
        session.commit()
    compute(history, tenant_session)
    got = scores(history, tenant_session)
    assert (got["n1_alpha"]["open_complaints"], got["n1_alpha"]["layer"]) == (2, "leaving")
    assert {key for key, row in got.items() if row["open_complaints"]} == {"n1_alpha"}
    # The module off: nobody answers, nobody has complaints.
    enable_plugin("acme", "service_support", enabled=False)
    compute(history, tenant_session)
    assert {row["open_complaints"] for row in scores(history, tenant_session).values()} == {0}


def test_an_empty_workspace_gives_onlookers_and_a_done_run(insights, tenant_session):
    compute(insights, tenant_session)
    assert {row["layer"] for row in scores(insights, tenant_session).values()} == {"onlooker"}
    (run,) = runs(tenant_session)
    assert (run["status"], run["customers"], run["purchases"]) == ("done", 7, 0)
