"""core sequences: contract and quote numbers continue from the core's per-workspace sequences

The module numbered its documents from its own table, sales_automation_sequences;
the core now keeps every module's sequences in `sequences` (core_0021). The rows
move there with their tenant, name and next value, so the next contract or quote
gets the number it would have got; the old table is dropped. New rows get random
ids in [2**32, 2**53), as every tenant-owned row does (crm_platform/opaque_ids.py,
snapshotted here: a migration does not import the application).

Revision ID: sales_automation_0002
Revises: sales_automation_0001
Depends on: core_0021
Create Date: 2026-12-03 09:10:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'sales_automation_0002'
down_revision = 'sales_automation_0001'
branch_labels = None
depends_on = 'core_0021'

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
ID_MIN, ID_MAX = 2**32, 2**53
# The module's sequence names: `<kind>-<year>` of its documents.
KINDS = ('contract-', 'quote-')


def _sequences(name):
    """A lightweight table of sequence rows named `name` (the core's or the module's old one)."""
    return sa.table(name, sa.column('id', ID), sa.column('tenant_id', ID), sa.column('name', sa.String()),
                    sa.column('next_value', sa.Integer()))


def _copy(source, target, where=None):
    """Insert the rows of `source` (those matching `where`) into `target` under new random ids."""
    bind = op.get_bind()
    stmt = sa.select(source.c.tenant_id, source.c.name, source.c.next_value)
    if where is not None:
        stmt = stmt.where(where)
    rows = [{'id': ID_MIN + secrets.randbelow(ID_MAX - ID_MIN), **row} for row in bind.execute(stmt).mappings()]
    if rows:
        bind.execute(sa.insert(target), rows)


def upgrade():
    """Copy the module's sequences into the core's `sequences` and drop sales_automation_sequences."""
    _copy(_sequences('sales_automation_sequences'), _sequences('sequences'))
    op.drop_table('sales_automation_sequences')


def downgrade():
    """Recreate sales_automation_sequences and move the contract and quote sequences back into it."""
    op.create_table('sales_automation_sequences',
    sa.Column('id', ID, nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('next_value', sa.Integer(), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sales_automation_sequences_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_automation_sequences')),
    sa.UniqueConstraint('tenant_id', 'name', name='uq_sales_automation_sequences_name'),
    sqlite_autoincrement=True
    )
    core = _sequences('sequences')
    ours = sa.or_(*(core.c.name.startswith(kind) for kind in KINDS))
    _copy(core, _sequences('sales_automation_sequences'), ours)
    op.get_bind().execute(sa.delete(core).where(ours))
