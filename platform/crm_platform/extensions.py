"""Flask extension instances, created unbound and initialised in `create_app`."""
from flask_babel import Babel
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, Table, event

from crm_platform.tenancy import TenantSession

# Named constraints so Alembic can alter them on SQLite (batch mode) and Postgres alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


@event.listens_for(Table, "after_parent_attach")
def _never_reuse_ids(table, parent):
    """SQLite tables get AUTOINCREMENT, so a deleted row's id is never handed out again.

    Without it SQLite reuses the highest deleted id: an old link would open a
    different customer and two records would share one audit history.
    """
    if parent is metadata:
        table.dialect_options["sqlite"]["autoincrement"] = True


db = SQLAlchemy(metadata=metadata, session_options={"class_": TenantSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
api = Api()
mail = Mail()
