"""Contract and quote numbers: per workspace, per kind and year, consecutive, also when taken concurrently.

The sequences themselves are the core's (tests/core/test_numbering.py); these are the module's kinds.
"""
import threading
import time
from datetime import date

from crm_platform.extensions import db
from crm_platform.sdk import document_number
from crm_platform.tenancy import tenant_scope

YEAR = date(2026, 6, 1)


def test_numbers_are_consecutive_per_workspace_kind_and_year(sales, tenant_session):
    with tenant_session("acme") as session:
        assert [document_number("contract", "HT", YEAR) for _ in range(3)] == [
            "HT-2026-0001", "HT-2026-0002", "HT-2026-0003"]
        assert document_number("quote", "BJ", YEAR) == "BJ-2026-0001"
        assert document_number("contract", "HT", date(2027, 1, 1)) == "HT-2027-0001"
        assert document_number("contract", "", YEAR) == "2026-0004"
        session.commit()
    with tenant_session("globex") as session:
        assert document_number("contract", "GX", YEAR) == "GX-2026-0001"
        session.commit()


def test_numbers_taken_concurrently_are_unique_and_consecutive(sales, app):
    """Eight requests take numbers at once; each holds its lock a moment before committing."""
    threads, numbers, errors = [], [], []
    start = threading.Barrier(8)

    def take():
        try:
            with app.app_context(), tenant_scope(sales.acme.id):
                start.wait()
                number = document_number("contract", "HT", YEAR)
                time.sleep(0.05)
                db.session.commit()
                numbers.append(number)
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(repr(error))

    with app.app_context(), tenant_scope(sales.acme.id):
        document_number("contract", "HT", YEAR)  # the sequence row exists: the race is on taking values
        db.session.commit()
    for _ in range(8):
        threads.append(threading.Thread(target=take))
        threads[-1].start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers) == [f"HT-2026-{n:04d}" for n in range(2, 10)]


def test_the_first_number_of_a_new_sequence_is_taken_once_under_a_race(sales, app):
    results, errors = [], []
    start = threading.Barrier(4)

    def take():
        try:
            with app.app_context(), tenant_scope(sales.globex.id):
                start.wait()
                results.append(document_number("quote", "BJ", date(2031, 1, 1)))
                db.session.commit()
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(repr(error))

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [f"BJ-2031-{n:04d}" for n in range(1, 5)]
