"""customer standard fields, divisions and sales regions

Revision ID: core_0013
Revises: core_0012
Create Date: 2026-12-02 19:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'core_0013'
down_revision = 'core_0012'
branch_labels = None
depends_on = None

# Free-text regions that mean one of the default sales regions (compared case-folded).
ALIASES = {
    "华东": ("east china", "east", "华东地区", "华东区"),
    "华南": ("south china", "south", "华南地区", "华南区"),
    "华北": ("north china", "north", "华北地区", "华北区"),
    "华中": ("central china", "central", "华中地区", "华中区"),
    "西南": ("southwest china", "south west", "southwest", "西南地区", "西南区"),
    "西北": ("northwest china", "north west", "northwest", "西北地区", "西北区"),
    "东北": ("northeast china", "north east", "northeast", "东北地区", "东北区"),
}


def upgrade():
    """Add industry, source, mobile, WeChat ID, website and division codes; turn free-text regions into sales regions."""
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('industry', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('mobile', sa.String(length=50), nullable=True))
        # The mobile's duplicate key and search digits (models/customers.py); new, so nothing to fill.
        batch_op.add_column(sa.Column('mobile_key', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('mobile_digits', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('wechat', sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column('website', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('province_code', sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column('city_code', sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column('district_code', sa.String(length=6), nullable=True))
        batch_op.create_index('ix_customers_tenant_region', ['tenant_id', 'region'], unique=False)
        batch_op.create_index('ix_customers_tenant_mobile_key', ['tenant_id', 'mobile_key'], unique=False)
        batch_op.create_index('ix_customers_tenant_mobile_digits', ['tenant_id', 'mobile_digits'], unique=False)
    _regions_to_lists()


def _regions_to_lists():
    """Make every region a customer has one of its workspace's sales regions.

    Values that mean a default region ("East China", "华东地区") become its name
    (华东); blank ones become none; any other value is kept and added to the
    workspace's list as a region without provinces, for admins to fill or merge.
    """
    from crm_platform.regions.sales_regions import DEFAULT_REGIONS, SETTING

    conn = op.get_bind()
    customers = sa.table("customers", sa.column("tenant_id", sa.Integer), sa.column("region", sa.String))
    tenants = sa.table("tenants", sa.column("id", sa.Integer), sa.column("settings", sa.JSON))
    alias = {word: name for name, words in ALIASES.items() for word in (name.casefold(), *words)}
    conn.execute(customers.update().where(sa.func.trim(customers.c.region) == "").values(region=None))
    pairs = conn.execute(sa.select(customers.c.tenant_id, customers.c.region)
                         .where(customers.c.region.is_not(None)).distinct()).all()
    extras = {}
    for tenant_id, region in pairs:
        name = alias.get(" ".join(region.split()).casefold())
        if name is not None:
            if name != region:
                conn.execute(customers.update().where(customers.c.tenant_id == tenant_id,
                                                      customers.c.region == region).values(region=name))
        else:
            extras.setdefault(tenant_id, []).append(region)
    for tenant_id, names in extras.items():
        settings = conn.execute(sa.select(tenants.c.settings).where(tenants.c.id == tenant_id)).scalar() or {}
        regions = settings.get(SETTING) or DEFAULT_REGIONS
        have = {region["name"] for region in regions}
        regions = regions + [{"name": name, "provinces": []} for name in sorted(names) if name not in have]
        conn.execute(tenants.update().where(tenants.c.id == tenant_id).values(settings={**settings, SETTING: regions}))


def downgrade():
    """Drop the new columns; regions stay as the text they now are."""
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_tenant_mobile_digits')
        batch_op.drop_index('ix_customers_tenant_mobile_key')
        batch_op.drop_index('ix_customers_tenant_region')
        batch_op.drop_column('district_code')
        batch_op.drop_column('city_code')
        batch_op.drop_column('province_code')
        batch_op.drop_column('website')
        batch_op.drop_column('wechat')
        batch_op.drop_column('mobile_digits')
        batch_op.drop_column('mobile_key')
        batch_op.drop_column('mobile')
        batch_op.drop_column('source')
        batch_op.drop_column('industry')
