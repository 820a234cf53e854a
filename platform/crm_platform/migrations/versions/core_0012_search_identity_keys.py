"""search and identity keys: phone digits, pinyin, credit codes; phones and company names re-keyed

Revision ID: core_0012
Revises: core_0011
Create Date: 2026-12-02 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0012'
down_revision = 'core_0011'
branch_labels = None
depends_on = None


BATCH = 2000
KEY = sa.String(length=255)


def upgrade():
    """Add the search keys of customers and contacts and the credit code, then key every existing row."""
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credit_code', sa.String(length=18), nullable=True))
        batch_op.add_column(sa.Column('phone_digits', KEY, nullable=True))
        batch_op.add_column(sa.Column('name_pinyin', KEY, nullable=True))
        batch_op.add_column(sa.Column('name_initials', KEY, nullable=True))
        batch_op.create_index('ix_customers_tenant_name_initials', ['tenant_id', 'name_initials'], unique=False)
        batch_op.create_index('ix_customers_tenant_name_pinyin', ['tenant_id', 'name_pinyin', 'id'], unique=False)
        batch_op.create_index('ix_customers_tenant_phone_digits', ['tenant_id', 'phone_digits'], unique=False)
        batch_op.create_index('uq_customers_tenant_credit_code', ['tenant_id', 'credit_code'], unique=True)
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_digits', KEY, nullable=True))
        batch_op.add_column(sa.Column('name_pinyin', KEY, nullable=True))
        batch_op.add_column(sa.Column('name_initials', KEY, nullable=True))
        batch_op.create_index('ix_contacts_tenant_name_pinyin', ['tenant_id', 'name_pinyin'], unique=False)
        batch_op.create_index('ix_contacts_tenant_phone_digits', ['tenant_id', 'phone_digits'], unique=False)
    _fill_keys()


def _table(name, *columns):
    return sa.table(name, sa.column("id", sa.Integer), *[sa.column(column, sa.String) for column in columns])


def _fill(conn, table, keys_of):
    """Key `table`'s rows in id order, BATCH at a time, with `keys_of`({field: value}) -> {column: key}."""
    columns = list(keys_of({}))
    update = table.update().where(table.c.id == sa.bindparam("row_id")).values(
        **{column: sa.bindparam(column) for column in columns})
    last = 0
    while True:
        rows = conn.execute(sa.select(table.c.id, table.c.name, table.c.phone,
                                      *([table.c.email] if "email_key" in columns else []))
                            .where(table.c.id > last).order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        conn.execute(update, [{"row_id": row.id, **keys_of(row._mapping)} for row in rows])
        last = rows[-1].id


def _fill_keys():
    """Compute the keys of existing customers and contacts with the model's own functions.

    Phones are re-keyed as E.164 and company names without their legal form, so
    that imports match old customers exactly as they match new ones. Numbers
    are read in the default region (CN): no workspace has chosen another yet.
    """
    from crm_platform.models.customer_keys import duplicate_keys, search_keys

    conn = op.get_bind()
    customers = _table("customers", "name", "email", "phone", "email_key", "phone_key", "name_key",
                       "phone_digits", "name_pinyin", "name_initials")
    # Only the columns this revision knows: later ones (mobile_key, ...) do not exist yet.
    _fill(conn, customers, lambda values: {column: key for column, key in
                                           {**duplicate_keys(values), **search_keys(values)}.items()
                                           if column in customers.c})
    contacts = _table("contacts", "name", "phone", "phone_digits", "name_pinyin", "name_initials")
    _fill(conn, contacts, search_keys)


def downgrade():
    """Drop the search keys and the credit code (the duplicate keys stay as re-keyed)."""
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_tenant_phone_digits')
        batch_op.drop_index('ix_contacts_tenant_name_pinyin')
        batch_op.drop_column('name_initials')
        batch_op.drop_column('name_pinyin')
        batch_op.drop_column('phone_digits')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('uq_customers_tenant_credit_code')
        batch_op.drop_index('ix_customers_tenant_phone_digits')
        batch_op.drop_index('ix_customers_tenant_name_pinyin')
        batch_op.drop_index('ix_customers_tenant_name_initials')
        batch_op.drop_column('name_initials')
        batch_op.drop_column('name_pinyin')
        batch_op.drop_column('phone_digits')
        batch_op.drop_column('credit_code')
