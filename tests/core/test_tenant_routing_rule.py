"""The tenant-routing rule on SQL as SQLite and PostgreSQL receive it (crm_platform.testing.routing_rule)."""
import pytest

from crm_platform.testing.routing_rule import UNPARSED, unrouted_tables

TENANT_TABLES = {"customers", "customer_tags", "users"}


def missing(sql, dialect="sqlite"):
    """The tenant tables of `sql` the rule finds unpinned."""
    return unrouted_tables(sql, dialect, TENANT_TABLES)


@pytest.mark.parametrize("sql", [
    "SELECT customers.id FROM customers WHERE customers.tenant_id = ? AND customers.id = ?",
    "SELECT c.id FROM customers AS c WHERE c.id = ? AND (c.tenant_id = ?)",
    "SELECT c.id FROM customers AS c WHERE ? = c.tenant_id",
    "SELECT id FROM customers WHERE tenant_id = 5",
    "SELECT tenants.name FROM tenants WHERE tenants.slug = ?",
    "SELECT c.id FROM customers AS c JOIN customer_tags AS t ON t.customer_id = c.id AND t.tenant_id = ? "
    "WHERE c.tenant_id = ?",
    "SELECT c.id FROM customers AS c LEFT OUTER JOIN users AS u ON u.id = c.owner_id "
    "WHERE c.tenant_id = ? AND u.tenant_id = ?",
    "SELECT c.id FROM customers AS c WHERE c.tenant_id = ? AND EXISTS "
    "(SELECT 1 FROM customer_tags WHERE customer_tags.customer_id = c.id AND customer_tags.tenant_id = ?)",
    "WITH mine AS (SELECT id FROM customers WHERE customers.tenant_id = ?) SELECT id FROM mine",
    "INSERT INTO customers (name, tenant_id) VALUES (?, ?)",
    "INSERT INTO customers (name, tenant_id) SELECT name, tenant_id FROM customers WHERE customers.tenant_id = ?",
    "UPDATE customers SET name=? WHERE customers.id = ? AND customers.tenant_id = ?",
    "DELETE FROM customer_tags WHERE customer_tags.id = ? AND customer_tags.tenant_id = ?",
    "SELECT users.id FROM users WHERE 0 = 1",
    "PRAGMA foreign_keys=ON",
    "SAVEPOINT sa_savepoint_1",
])
def test_statements_pinned_to_one_tenant_pass(sql):
    assert missing(sql) == []


@pytest.mark.parametrize(("sql", "unpinned"), [
    ("SELECT customers.id FROM customers WHERE customers.id = ?", ["customers"]),
    ("SELECT c.id FROM customers AS c WHERE c.tenant_id = ? OR c.id = ?", ["customers"]),
    ("SELECT c.id FROM customers AS c WHERE c.tenant_id IN (?, ?)", ["customers"]),
    ("SELECT c.id FROM customers AS c WHERE c.tenant_id = c.owner_id", ["customers"]),
    # Each tenant table needs its own equality, even when joined on tenant_id.
    ("SELECT c.id FROM customers AS c JOIN customer_tags AS t ON t.customer_id = c.id AND t.tenant_id = c.tenant_id "
     "WHERE c.tenant_id = ?", ["customer_tags"]),
    # The equality names the alias it pins: another instance of the table is not pinned.
    ("SELECT a.id FROM customers AS a JOIN customers AS b ON b.id = a.id WHERE a.tenant_id = ?", ["customers"]),
    ("SELECT c.id FROM customers AS c JOIN users AS u ON u.id = c.owner_id WHERE c.tenant_id = ? AND tenant_id = ?",
     ["users"]),
    ("SELECT c.id FROM customers AS c WHERE c.tenant_id = ? AND c.id IN (SELECT customer_id FROM customer_tags)",
     ["customer_tags"]),
    ("SELECT c.id FROM customers AS c WHERE c.tenant_id = ? UNION SELECT u.id FROM users AS u", ["users"]),
    ("WITH everyone AS (SELECT id FROM users) SELECT id FROM everyone", ["users"]),
    ("INSERT INTO customers (name) VALUES (?)", ["customers"]),
    ("INSERT INTO customers (name, tenant_id) SELECT name, tenant_id FROM customers", ["customers"]),
    ("UPDATE customers SET name=? WHERE customers.id = ?", ["customers"]),
    ("DELETE FROM customers WHERE customers.id = ?", ["customers"]),
    ("SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT MAX(id) FROM customers))", ["customers"]),
])
def test_statements_not_pinned_are_reported(sql, unpinned):
    assert missing(sql) == unpinned


def test_postgresql_placeholders_and_casts_are_values():
    assert missing("SELECT c.id FROM customers AS c WHERE c.tenant_id = %(tenant_id_1)s::INTEGER "
                   "AND c.id = %(pk_1)s", "postgresql") == []
    assert missing("UPDATE customers SET name=%(name)s WHERE customers.id = %(customers_id)s", "postgresql") == [
        "customers"]
    assert missing("SELECT users.id FROM users WHERE false", "postgresql") == []
    assert missing("SELECT users.id FROM users WHERE 1 = 1", "postgresql") == ["users"]


def test_a_statement_the_parser_cannot_read_is_reported():
    assert missing("SELECT FROM WHERE customers (") == [UNPARSED]
