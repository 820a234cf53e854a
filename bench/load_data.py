"""The data set of bench/load.py: 100 workspaces built by the demo's own code, and an API token per user.

Each workspace is `tenants.demo.seed_workspace`: the demo's org chart (company, two
branches, a team under each), its eight users (admin, executive, two managers, four
reps) and a Chinese customer book with contacts, contact records, tags and shares.
Tokens are issued by `issue_token`, as `POST /api/v1/tokens` does; their secrets are
kept next to the cached cluster, since only their hashes are in the database.
"""
import json
import random
import time

from faker import Faker
from sqlalchemy import select, text

from crm_platform.auth.api import issue_token
from crm_platform.extensions import db
from crm_platform.models import User
from crm_platform.tenancy import tenant_scope
from tenants.demo import demo_texts, seed_workspace

DATA_VERSION = 1  # bump when the generated data changes shape


def slug(t):
    """The slug of workspace number `t` (0-based)."""
    return f"load-{t + 1:03d}"


def build(app, tenants, customers, identities_path):
    """Migrate the empty database, build `tenants` workspaces of `customers` customers, write the users' tokens."""
    from flask_migrate import upgrade

    started = time.perf_counter()
    texts = demo_texts("zh_CN")
    identities = []
    with app.app_context():
        upgrade(revision="heads")
        for t in range(tenants):
            # One seed per workspace: the same data on every build, different books in each workspace.
            Faker.seed(t)
            tenant_id, _users = seed_workspace(slug(t), customers, random.Random(t), lambda *_: None, texts)
            identities += _tokens(tenant_id, slug(t))
            if (t + 1) % 10 == 0:
                print(f"  built {t + 1}/{tenants} workspaces ({time.perf_counter() - started:.0f} s)", flush=True)
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    identities_path.write_text(json.dumps(identities))
    print(f"Built {tenants} workspaces x {customers} customers and {len(identities)} users' tokens "
          f"in {time.perf_counter() - started:.0f} s.")


def _tokens(tenant_id, workspace):
    """A token for each user of the workspace: [{workspace, user_id, role, token}]."""
    with tenant_scope(tenant_id):
        users = db.session.scalars(select(User).order_by(User.id)).all()
        return [{"workspace": workspace, "user_id": user.id, "role": user.role,
                 "token": issue_token(user, "load test")[1]} for user in users]
