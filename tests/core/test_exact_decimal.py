"""ExactDecimal: Decimals stored exactly as scaled integers, on SQLite and PostgreSQL alike.

Values go through a real table on the test database (PostgreSQL when
CRM_TEST_DATABASE_URL says so), so what is read back is what the database kept.
"""
from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select
from sqlalchemy.exc import StatementError

from crm_platform.extensions import db
from crm_platform.sdk import ExactDecimal

LARGEST_MONEY = Decimal("92233720368547758.07")  # (2**63 - 1) fen: the most a BIGINT holds at 2 places
EXACT = [Decimal("0.00"), Decimal("0.01"), Decimal("-0.01"), Decimal("0.10"), Decimal("19.99"),
         Decimal("1234567.89"), LARGEST_MONEY, -LARGEST_MONEY]


@pytest.fixture
def amounts(app):
    """A throwaway table (money at 2 places, quantity at 4) on the test database; yields an open connection."""
    metadata = MetaData()
    table = Table("exact_decimal_probe", metadata, Column("id", Integer, primary_key=True),
                  Column("money", ExactDecimal(2)), Column("quantity", ExactDecimal(4)))
    with app.app_context():
        metadata.create_all(db.engine)
        try:
            with db.engine.connect() as conn:
                yield table, conn
        finally:
            metadata.drop_all(db.engine)


def test_exact_values_come_back_exactly(amounts):
    table, conn = amounts
    conn.execute(insert(table), [{"money": value, "quantity": Decimal("0.0001")} for value in EXACT])
    back = conn.execute(select(table.c.money, table.c.quantity).order_by(table.c.id)).all()
    assert [row.money for row in back] == EXACT
    assert {row.quantity for row in back} == {Decimal("0.0001")}
    # Read back at the column's places, whatever was written: 5 is 5.00.
    conn.execute(insert(table), {"money": 5, "quantity": "2.5"})
    assert str(conn.execute(select(table.c.money).where(table.c.quantity == Decimal("2.5"))).scalar()) == "5.00"
    assert str(conn.execute(select(table.c.quantity).where(table.c.money == 5)).scalar()) == "2.5000"


def test_sums_and_comparisons_in_sql_stay_exact(amounts):
    table, conn = amounts
    # 0.1 ten times is not 1 in floats; stored as fen it is.
    conn.execute(insert(table), [{"money": Decimal("0.10")} for _ in range(10)])
    total = conn.execute(select(func.sum(table.c.money))).scalar()
    assert str(total) == "1.00" and isinstance(total, Decimal)
    assert conn.execute(select(func.sum(table.c.money).cast(Integer))).scalar() == 100  # SQL adds fen
    assert conn.execute(select(func.count()).where(table.c.money == Decimal("0.1"))).scalar() == 10
    assert conn.execute(select(func.count()).where(table.c.money > Decimal("0.09"))).scalar() == 10


@pytest.mark.parametrize("column, value", [
    ("money", Decimal("0.001")), ("money", Decimal("19.999")), ("money", "1.005"),
    ("quantity", Decimal("0.00001")), ("money", Decimal("1.0000000000000000000000000001")),
])
def test_more_places_than_declared_are_refused_not_rounded(amounts, column, value):
    table, conn = amounts
    with pytest.raises(StatementError, match="decimal places") as refused:
        conn.execute(insert(table), {column: value})
    assert isinstance(refused.value.orig, ValueError)
    conn.rollback()
    assert conn.execute(select(func.count()).select_from(table)).scalar() == 0


@pytest.mark.parametrize("value", [
    LARGEST_MONEY + Decimal("0.01"), -LARGEST_MONEY - Decimal("0.01"), Decimal("1E+30"),
    Decimal("Infinity"), Decimal("-Infinity"), Decimal("NaN"),
])
def test_values_out_of_range_are_refused_alike_on_every_database(amounts, value):
    table, conn = amounts
    with pytest.raises(StatementError, match="out of range|not a number") as refused:
        conn.execute(insert(table), {"money": value})
    assert isinstance(refused.value.orig, ValueError)
    conn.rollback()
    assert conn.execute(select(func.count()).select_from(table)).scalar() == 0


def test_floats_are_refused(amounts):
    table, conn = amounts
    with pytest.raises(StatementError) as refused:
        conn.execute(insert(table), {"money": 0.1})
    assert isinstance(refused.value.orig, TypeError)
