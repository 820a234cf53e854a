"""Tenant scoping fails closed: no tenant, raw SQL, Core statements, identity map, writes."""
import pytest
from sqlalchemy import delete, exists, func, insert, select, text, union_all, update
from sqlalchemy.exc import IntegrityError, LegacyAPIWarning, NoResultFound
from sqlalchemy.orm import aliased
from sqlalchemy.orm.exc import ObjectDeletedError

from crm_platform.extensions import db
from crm_platform.models import Activity, Contact, Customer, CustomerTag, OrgUnit, Tenant, User
from crm_platform.tenancy import TENANT_PARAMETER, TenantScopeError, reused, reused_rows, tenant_scope, unscoped
from crm_platform.visibility import can_see_customer


def ids(world, slug, kind="customers"):
    return {ref.id for ref in getattr(world[slug], kind).values()}


def test_orm_query_with_no_tenant_raises(app, world):
    with app.app_context():
        with pytest.raises(TenantScopeError):
            db.session.scalars(select(Customer)).all()
        with pytest.raises(TenantScopeError):
            db.session.query(Contact).all()
        with pytest.raises(TenantScopeError):
            db.session.scalar(select(func.count()).select_from(User))
        with pytest.raises(TenantScopeError):
            db.session.get(Customer, world.acme.customers["s1"].id)


def test_tables_without_tenant_need_no_scope(app, world):
    with app.app_context():
        assert set(db.session.scalars(select(Tenant.slug))) == {"acme", "globex"}


def test_orm_queries_see_only_the_current_tenant(tenant_session, world):
    with tenant_session(world.acme) as session:
        assert set(session.scalars(select(Customer.id))) == ids(world, "acme")
        assert session.scalar(select(func.count(Customer.id))) == len(world.acme.customers)
        assert session.scalar(select(func.count()).select_from(Customer)) == len(world.acme.customers)
        assert set(session.scalars(select(aliased(User).id))) == ids(world, "acme", "users")
        assert set(session.scalars(select(Contact.id).join(Customer, Customer.id == Contact.customer_id))) == \
            ids(world, "acme", "contacts")


@pytest.mark.parametrize("shape", ["exists", "in_subquery", "scalar_subquery", "cte", "union"])
def test_subqueries_are_scoped_too(tenant_session, world, shape):
    foreign = world.globex.customers["s1"].id
    with tenant_session(world.acme) as session:
        if shape == "exists":
            assert session.scalar(select(exists().where(Customer.id == foreign))) is False
        elif shape == "in_subquery":
            slugs = session.scalars(select(Tenant.slug).where(Tenant.id.in_(select(Customer.tenant_id))))
            assert set(slugs) == {"acme"}
        elif shape == "scalar_subquery":
            count = select(func.count(Customer.id)).where(Customer.tenant_id == Tenant.id).scalar_subquery()
            assert dict(session.execute(select(Tenant.slug, count)).all()) == {"acme": 7, "globex": 0}
        elif shape == "cte":
            cte = select(Customer.id).cte()
            assert set(session.scalars(select(cte.c.id))) == ids(world, "acme")
        else:
            rows = session.scalars(union_all(select(Customer.id), select(Contact.customer_id))).all()
            assert set(rows) == ids(world, "acme")


def test_visibility_check_does_not_see_into_another_tenant(tenant_session, world):
    with tenant_session(world.acme) as session:
        admin = session.get(User, world.acme.users["admin"].id)
        assert can_see_customer(admin, world.acme.customers["s1"].id)
        assert not can_see_customer(admin, world.globex.customers["s1"].id)


def test_text_sql_raises_in_and_out_of_a_tenant(tenant_session, app):
    with app.app_context():
        with pytest.raises(TenantScopeError):
            db.session.execute(text("SELECT id FROM customers"))
    with tenant_session("acme") as session:
        with pytest.raises(TenantScopeError):
            session.execute(text("SELECT id FROM customers"))
        with pytest.raises(TenantScopeError):
            session.execute(text("SELECT 1"))


@pytest.mark.parametrize("make", [
    lambda t: t.select(),
    lambda t: select(func.count()).select_from(t),
    lambda t: select(Tenant.__table__.c.slug, t.c.name).join_from(Tenant.__table__, t),
    lambda t: select(t.select().subquery()),
    lambda t: select(Tenant.slug).where(Tenant.id.in_(select(t.c.tenant_id))),
    lambda t: t.update().values(name="hijacked"),
    lambda t: t.delete(),
    lambda t: t.insert().values(name="planted"),
], ids=["select", "count", "join", "subquery", "orm-with-core-subquery", "update", "delete", "insert"])
def test_core_statements_on_tenant_tables_raise(tenant_session, world, make):
    with tenant_session(world.acme) as session:
        with pytest.raises(TenantScopeError):
            session.execute(make(Customer.__table__))
    with tenant_session(world.acme) as session, unscoped("test: nothing was written"):
        assert session.scalar(select(func.count()).where(Customer.name.in_(["hijacked", "planted"]))) == 0
        assert session.scalar(select(func.count(Customer.id))) == 14


def test_get_of_another_tenants_object_is_none_even_from_the_identity_map(app, world):
    acme_id = world.acme.customers["s1"].id
    with app.app_context():
        with tenant_scope(world.acme.id):
            loaded = db.session.get(Customer, acme_id)
            assert loaded is not None
        with tenant_scope(world.globex.id):
            assert acme_id in {key[1][0] for key in db.session.identity_map.keys()}
            assert db.session.get(Customer, acme_id) is None
            with pytest.warns(LegacyAPIWarning):
                assert db.session.query(Customer).get(acme_id) is None
            with pytest.raises(NoResultFound):
                db.session.get_one(Customer, acme_id)
            assert db.session.scalar(select(Customer).where(Customer.id == acme_id)) is None
            assert db.session.get(Customer, world.globex.customers["s1"].id).name == loaded.name


def test_reference_into_another_tenant_is_refused_by_the_database(tenant_session, world):
    with tenant_session(world.acme) as session:
        session.add(Customer(name="Cross", owner_id=world.globex.users["rep_n1"].id))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        session.add(Contact(name="Cross", customer_id=world.globex.customers["s1"].id))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        unit = session.get(OrgUnit, world.acme.units["north"].id)
        unit.parent_id = world.globex.units["company"].id
        with pytest.raises(IntegrityError):
            session.commit()


def test_flush_of_another_tenants_row_raises(tenant_session, app, world):
    with tenant_session(world.acme) as session:
        session.add(Customer(name="Planted", tenant_id=world.globex.id))
        with pytest.raises(TenantScopeError):
            session.flush()
        session.rollback()
        customer = session.get(Customer, world.acme.customers["s1"].id)
        customer.tenant_id = world.globex.id
        with pytest.raises(TenantScopeError):
            session.flush()
    with app.app_context():
        with tenant_scope(world.acme.id):
            customer = db.session.get(Customer, world.acme.customers["s1"].id)
        with tenant_scope(world.globex.id):
            customer.name = "Renamed from globex"
            with pytest.raises(TenantScopeError):
                db.session.flush()
            db.session.rollback()
            # The rollback expired it: refreshed in globex's scope, acme's row is missing.
            with pytest.raises(ObjectDeletedError):
                db.session.delete(customer)
                db.session.flush()


def test_new_rows_take_the_tenant_in_scope(tenant_session, app, world):
    with tenant_session(world.acme) as session:
        customer = Customer(name="Stamped")
        session.add(customer)
        session.commit()
        assert customer.tenant_id == world.acme.id
    with app.app_context():
        db.session.add(Contact(name="Nobody's", customer_id=world.acme.customers["s1"].id))
        with pytest.raises(TenantScopeError):
            db.session.flush()


def test_bulk_orm_insert_is_stamped_and_checked(tenant_session, world):
    with tenant_session(world.acme) as session:
        rows = session.execute(insert(Customer).returning(Customer.id, Customer.tenant_id),
                               [{"name": "Bulk 1"}, {"name": "Bulk 2"}]).all()
        assert {tenant for _, tenant in rows} == {world.acme.id}
        session.execute(insert(Customer).values(name="Single"))
        assert session.scalar(select(Customer.tenant_id).where(Customer.name == "Single")) == world.acme.id
        with pytest.raises(TenantScopeError):
            session.execute(insert(Customer), [{"name": "Planted", "tenant_id": world.globex.id}])
        with pytest.raises(TenantScopeError):
            session.execute(insert(Customer).values(name="Planted", tenant_id=world.globex.id))
        with pytest.raises(TenantScopeError):
            session.execute(insert(Customer).from_select(["name"], select(Customer.name)))
        session.commit()
    with tenant_session(world.globex) as session:
        assert session.scalar(select(func.count(Customer.id))) == len(world.globex.customers)


def test_orm_update_and_delete_touch_only_the_current_tenant(tenant_session, world):
    with tenant_session(world.acme) as session:
        with pytest.raises(TenantScopeError):
            session.execute(update(Customer).where(Customer.id == world.acme.customers["house"].id)
                            .values(tenant_id=world.globex.id))
        session.execute(update(Customer).values(status="terminated"), execution_options={"synchronize_session": False})
        result = session.execute(update(Customer).where(Customer.id == world.globex.customers["n2"].id)
                                 .values(name="Hijacked"))
        assert result.rowcount == 0
        session.execute(delete(Activity))
        session.execute(delete(CustomerTag).where(CustomerTag.tag == "vip"))
        session.commit()
        assert set(session.scalars(select(Customer.status))) == {"terminated"}
    with tenant_session(world.globex) as session:
        assert "terminated" in set(session.scalars(select(Customer.status)))
        assert set(session.scalars(select(Customer.status))) != {"terminated"}
        assert session.scalar(select(Customer.name).where(Customer.id == world.globex.customers["n2"].id)) == \
            "Gamma Tools"
        assert session.scalar(select(func.count(Activity.id))) == len(world.globex.activities)
        assert session.scalar(select(func.count(CustomerTag.id)).where(CustomerTag.tag == "vip")) == 2


def test_unscoped_reaches_every_tenant_and_ends_with_its_block(app, world):
    with app.app_context():
        with unscoped("test: operator report"):
            assert db.session.scalar(select(func.count(Customer.id))) == 14
            assert db.session.execute(text("SELECT count(*) FROM customers")).scalar() == 14
            assert db.session.get(Customer, world.globex.customers["s1"].id) is not None
        with pytest.raises(TenantScopeError):
            db.session.scalar(select(func.count(Customer.id)))
        with tenant_scope(world.acme.id):
            with unscoped("test: nested"):
                assert db.session.scalar(select(func.count(Customer.id))) == 14
            assert db.session.scalar(select(func.count(Customer.id))) == 7


def test_reused_statements_run_as_core_under_the_same_guards(app, tenant_session, world):
    """`reused_rows` gives each tenant its own rows, refuses no tenant, and sees the request's unflushed writes."""
    statement = reused(select(Customer.id, Customer.name, CustomerTag.tag)
                       .outerjoin(CustomerTag, CustomerTag.customer_id == Customer.id))
    for slug in ("acme", "globex", "acme"):
        with tenant_session(world[slug]) as session:
            assert {row.id for row in reused_rows(statement, {})} == ids(world, slug)
            # The twin's tenant parameter is set from the context, whatever the caller passes.
            other = world["globex" if slug == "acme" else "acme"].id
            assert {row.id for row in reused_rows(statement, {TENANT_PARAMETER: other})} == ids(world, slug)
            session.add(Customer(name="just added", owner_id=world[slug].users["admin"].id))
            assert "just added" in {row.name for row in reused_rows(statement, {})}
            session.rollback()
    with app.app_context():
        with pytest.raises(TenantScopeError):
            reused_rows(statement, {})
        # A Core table inside is refused as in any ORM statement.
        with tenant_session(world.acme), pytest.raises(TenantScopeError):
            reused_rows(reused(select(Customer.id).where(Customer.id.in_(select(Contact.__table__.c.customer_id)))),
                        {})


def test_only_marked_column_selects_are_reused(tenant_session, world):
    """Whole entities would come back as bare columns from Core, and unmarked statements skip the twin cache."""
    with pytest.raises(TypeError, match="not whole entities"):
        reused(select(Customer))
    with tenant_session(world.acme), pytest.raises(TypeError, match="reused"):
        reused_rows(select(Customer.id), {})
