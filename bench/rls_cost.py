"""Benchmark: what PostgreSQL's row-level security costs the customer list, with and without the policies.

    CRM_BENCH_DATABASE_URL=postgresql+psycopg://superuser@host/scratch_db \\
        python bench/rls_cost.py [--tenants 100] [--customers 10000] [--repeat 50]

Uses (or builds) `customer_list.py`'s data set, then times the same requests and the
same SQL twice in one run, in rounds that take turns: connected as the superuser
that loaded the data (row-level security does not apply to it, as in every other
benchmark), and as an application role without SUPERUSER or BYPASSRLS whose escape
hatch is a BYPASSRLS role, as production runs (README, "Database roles"). Prints
each pair and its ratio. See README.md.
"""
import os
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from customer_list import RAW_ALL, RAW_REP, _bearer_for, ensure_data, make_app, medians_ms, parse_args
from crm_platform import create_app

APP_ROLE, BYPASS_ROLE = "crm_bench_app", "crm_bench_bypass"
# Roles of the server (made once, kept), and this database's grants to them.
SETUP = [
    f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_ROLE}' NOSUPERUSER NOBYPASSRLS; "
    "EXCEPTION WHEN duplicate_object THEN NULL; END $$",
    f"DO $$ BEGIN CREATE ROLE {BYPASS_ROLE} NOLOGIN NOSUPERUSER BYPASSRLS; "
    "EXCEPTION WHEN duplicate_object THEN NULL; END $$",
    f"GRANT {BYPASS_ROLE} TO {APP_ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}, {BYPASS_ROLE}",
    f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}, {BYPASS_ROLE}",
]


def role_app(url):
    """An app on the same database connected as the application role, its hatch the BYPASSRLS role."""
    with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
        for sql in SETUP:
            conn.execute(text(sql))
    as_role = make_url(url).set(username=APP_ROLE, password=APP_ROLE).render_as_string(hide_password=False)
    return create_app({"TESTING": True, "SECRET_KEY": "bench", "CRM_THROTTLE_STORAGE_URL": "memory://",
                       "SQLALCHEMY_DATABASE_URI": as_role, "CRM_DATABASE_BYPASS_ROLE": BYPASS_ROLE},
                      instance_path="/tmp/crm-bench-rls-instance"), as_role


def requester(app, tid, role):
    """(the user's id, a function making one first-page request as `role` of tenant `tid` with a token of its own)."""
    user_id, headers = _bearer_for(app, tid, role)
    client = app.test_client()

    def request():
        response = client.get("/api/v1/customers?limit=50", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response
    return user_id, request


def main():
    args = parse_args(__doc__)
    url = os.environ.get("CRM_BENCH_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        sys.exit("Row-level security is PostgreSQL's: set CRM_BENCH_DATABASE_URL to a scratch PostgreSQL database.")
    os.environ["CRM_ALLOW_RLS_BYPASS_ROLE"] = "1"  # the loading superuser's app only
    plain, key = make_app(args)
    with plain.app_context():
        ensure_data(args, key)
    del os.environ["CRM_ALLOW_RLS_BYPASS_ROLE"]
    policed, role_url = role_app(url)
    tid = args.tenants // 2 + 1
    print(f"GET /api/v1/customers?limit=50 and its SQL (tenant {tid}), median of {args.repeat} rounds, connected as "
          f"the superuser (no policies) and as {APP_ROLE} (policies on, hatch {BYPASS_ROLE}).")
    super_engine, role_engine = create_engine(url), create_engine(role_url)
    for role in ("rep", "executive"):
        user_id, api_plain = requester(plain, tid, role)
        _, api_rls = requester(policed, tid, role)
        assert api_plain().get_json() == api_rls().get_json()  # the policies change nothing a user sees
        sql = text((RAW_REP if role == "rep" else RAW_ALL).format(after=""))
        params = {"t": tid, "u": user_id}
        with super_engine.connect() as sconn, role_engine.connect() as rconn:
            # The application role's transaction carries the tenant, as the app's do (rls/connection.py).
            rconn.execute(text("SELECT set_config('crm.tenant_id', :t, false)"), {"t": str(tid)})
            # The policies are on: without a tenant criterion the role sees its tenant's customers only.
            assert rconn.execute(text("SELECT count(*) FROM customers")).scalar() == args.customers
            assert rconn.execute(sql, params).all() == sconn.execute(sql, params).all()
            figures = medians_ms((api_plain, api_rls, lambda: sconn.execute(sql, params).all(),
                                  lambda: rconn.execute(sql, params).all()), args.repeat)
        api_plain, api_rls, sql_plain, sql_rls = figures
        print(f"\n{role}, first page:\n  {'':<6}{'no policies ms':>16}{'policies ms':>13}{'ratio':>8}")
        print(f"  {'API':<6}{api_plain:>16.2f}{api_rls:>13.2f}{api_rls / api_plain:>7.2f}x")
        print(f"  {'SQL':<6}{sql_plain:>16.2f}{sql_rls:>13.2f}{sql_rls / sql_plain:>7.2f}x")


if __name__ == "__main__":
    main()
