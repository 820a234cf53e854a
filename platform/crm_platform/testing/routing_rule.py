"""The tenant-routing rule: which tenant tables a SQL statement reaches without `tenant_id = <value>`.

A tenant-routed cluster (Citus distributed on `tenant_id`) sends a statement to
one shard only when every tenant table in it is pinned to one tenant. The rule,
applied to the SQL text the database receives (parsed by sqlglot, so ORM loader
criteria, lazy loads, flushes and `text()` are all seen as they are sent):

- each tenant table in a SELECT's FROM or JOIN, and the target of an UPDATE or
  DELETE (with the tables of its FROM/USING), needs `<that table or alias>.tenant_id
  = <bound value or literal>` among the AND-ed terms of its statement's WHERE or of
  its own JOIN's ON (inside an OR it pins nothing);
- every SELECT is judged on its own: subqueries, EXISTS, CTEs and UNION branches;
- an INSERT into a tenant table names the `tenant_id` column;
- a WHERE that is never true (`false`, `0 = 1`) reads no row, so it needs no shard.
"""
import sqlglot
from sqlglot import exp

DIALECTS = {"postgresql": "postgres", "sqlite": "sqlite"}
"""SQLAlchemy dialect names and sqlglot's names for them."""

UNPARSED = "(statement sqlglot could not parse)"
"""What `unrouted_tables` reports for a statement it cannot judge: unparsed is unproven."""


def unrouted_tables(sql, dialect, tenant_tables):
    """Names of the tenant tables `sql` reaches without `tenant_id = <value>` (sorted, may repeat)."""
    try:
        statements = sqlglot.parse(sql, read=DIALECTS.get(dialect, dialect))
    except sqlglot.errors.SqlglotError:
        return [UNPARSED]
    missing = []
    for statement in statements:
        if statement is None:
            continue
        for node in statement.walk():
            if isinstance(node, exp.Select):
                missing += _unpinned_sources(node, node.args.get("from_"), node.args.get("joins"), tenant_tables)
            elif isinstance(node, (exp.Update, exp.Delete)):
                missing += _unpinned_sources(node, node.args.get("from_"), node.args.get("joins"), tenant_tables,
                                             targets=_dml_targets(node))
            elif isinstance(node, exp.Insert):
                missing += _insert_without_tenant(node, tenant_tables)
    return sorted(missing)


def _dml_targets(node):
    """The tables an UPDATE or DELETE changes, and those of its USING list."""
    targets = [node.this] + list(node.args.get("using") or [])
    return [t for t in targets if isinstance(t, exp.Table)]


def _unpinned_sources(node, from_, joins, tenant_tables, targets=()):
    """Tenant tables among one statement's own sources that its WHERE or their ON does not pin."""
    where_terms = _and_terms(node.args.get("where"))
    if any(_never_true(term) for term in where_terms):
        return []
    sources = [(table, ()) for table in targets]
    if from_ is not None:
        sources += [(table, ()) for table in _tables_of(from_.this)]
        sources += [(table, ()) for table in from_.expressions if isinstance(table, exp.Table)]
    for join in joins or []:
        on_terms = _and_terms(join.args.get("on"))
        sources += [(table, on_terms) for table in _tables_of(join.this)]
    single = len(sources) == 1
    missing = []
    for table, on_terms in sources:
        if table.name in tenant_tables and not any(
            _pins(term, table.alias_or_name, single) for term in (*where_terms, *on_terms)
        ):
            missing.append(table.name)
    return missing


def _tables_of(source):
    """The plain table a FROM or JOIN item names, if it is one (subqueries are judged on their own)."""
    return [source] if isinstance(source, exp.Table) else []


def _and_terms(clause):
    """The terms AND-ed together in a WHERE or ON clause (an OR is one term)."""
    if clause is None:
        return []
    if isinstance(clause, (exp.Where, exp.Paren)):
        return _and_terms(clause.this)
    if isinstance(clause, exp.And):
        return _and_terms(clause.this) + _and_terms(clause.expression)
    return [clause]


def _never_true(term):
    """`false` or `0 = 1` (what SQLAlchemy sends for a `false()` criterion): the statement reads no row on any shard."""
    if isinstance(term, exp.Boolean):
        return not term.this
    return (isinstance(term, exp.EQ) and isinstance(term.this, exp.Literal)
            and isinstance(term.expression, exp.Literal) and term.this.this != term.expression.this)


def _pins(term, name, single):
    """True if `term` is `<name>.tenant_id = <value>` (either way round); unqualified only for a lone table."""
    if not isinstance(term, exp.EQ):
        return False
    for column, value in ((term.this, term.expression), (term.expression, term.this)):
        if (isinstance(column, exp.Column) and column.name == "tenant_id"
                and (column.table == name or (single and not column.table)) and _is_value(value)):
            return True
    return False


def _is_value(node):
    """A bound parameter or a literal, possibly cast: something that names one tenant."""
    while isinstance(node, (exp.Cast, exp.Paren)):
        node = node.this
    return isinstance(node, (exp.Placeholder, exp.Parameter, exp.Literal))


def _insert_without_tenant(node, tenant_tables):
    """The table of an INSERT into a tenant table that does not name `tenant_id`."""
    target = node.this
    columns = []
    if isinstance(target, exp.Schema):
        columns = [getattr(c, "name", None) for c in target.expressions]
        target = target.this
    if isinstance(target, exp.Table) and target.name in tenant_tables and "tenant_id" not in columns:
        return [target.name]
    return []
