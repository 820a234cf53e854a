"""custom fields

Revision ID: core_0015
Revises: core_0014
Create Date: 2026-12-02 18:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0015'
down_revision = 'core_0014'
branch_labels = None
depends_on = None


def upgrade():
    """Add the custom field definitions and the typed value table with its per-field value indexes."""
    op.create_table(
        'custom_field_definitions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity', sa.String(length=100), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('label', sa.String(length=100), nullable=False),
        sa.Column('type', sa.String(length=20), nullable=False),
        sa.Column('required', sa.Boolean(), nullable=False),
        sa.Column('default', sa.JSON(), nullable=True),
        sa.Column('choices', sa.JSON(), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('tenant_id', 'entity', 'key'),
        sa.UniqueConstraint('tenant_id', 'id'),
    )
    with op.batch_alter_table('custom_field_definitions', schema=None) as batch_op:
        batch_op.create_index('ix_custom_field_definitions_tenant_entity', ['tenant_id', 'entity', 'position'],
                              unique=False)

    op.create_table(
        'custom_field_values',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity', sa.String(length=100), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('field_id', sa.Integer(), nullable=False),
        sa.Column('value_text', sa.String(length=255), nullable=True),
        sa.Column('value_number', sa.Numeric(precision=24, scale=6), nullable=True),
        sa.Column('value_date', sa.Date(), nullable=True),
        sa.Column('value_bool', sa.Boolean(), nullable=True),
        sa.Column('value_user_id', sa.Integer(), nullable=True),
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['tenant_id', 'field_id'], ['custom_field_definitions.tenant_id',
                                                            'custom_field_definitions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('custom_field_values', schema=None) as batch_op:
        batch_op.create_index('ix_custom_field_values_tenant_record', ['tenant_id', 'entity', 'record_id'],
                              unique=False)
        for kind, column in (('text', 'value_text'), ('number', 'value_number'), ('date', 'value_date'),
                             ('bool', 'value_bool'), ('user', 'value_user_id')):
            batch_op.create_index(f'ix_custom_field_values_tenant_{kind}',
                                  ['tenant_id', 'field_id', column, 'record_id'], unique=False)


def downgrade():
    """Drop the custom field tables."""
    with op.batch_alter_table('custom_field_values', schema=None) as batch_op:
        for kind in ('user', 'bool', 'date', 'number', 'text'):
            batch_op.drop_index(f'ix_custom_field_values_tenant_{kind}')
        batch_op.drop_index('ix_custom_field_values_tenant_record')
    op.drop_table('custom_field_values')
    with op.batch_alter_table('custom_field_definitions', schema=None) as batch_op:
        batch_op.drop_index('ix_custom_field_definitions_tenant_entity')
    op.drop_table('custom_field_definitions')
