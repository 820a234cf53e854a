"""The load of bench/load.py: Locust users of 100 workspaces working on their customers through the API.

    python bench/load_driver.py --host URL --identities FILE --steps 1,5,10 --step-seconds 30 --out FILE

Run by bench/load.py in a process of its own, since Locust patches the standard
library with gevent when it is imported. Each simulated user takes the next
user of the data set (its workspace, role and bearer token), reads its first
page of customers, then lists, searches, opens, edits and logs contact records
with a think time between actions. At each step the users are raised to the
step's number, the statistics are reset once they all run, and after the step's
seconds the step's figures are written (a JSON list, one object per step).
"""
import argparse
import itertools
import json
import logging
import os
import random
import time
from datetime import datetime, timezone

import gevent
from locust import FastHttpUser, between, task
from locust.env import Environment

API = "/api/v1"
SORTS = ["name", "-updated_at", "last_contacted_at", "next_follow_up_at", "-created_at"]
SUBJECTS = ["电话回访", "上门拜访", "发送报价单", "确认交货时间", "商务洽谈"]
OUTCOMES = ["客户有意向，要求修改报价。", "决定推迟到下个季度。", "同意试订一批。", "对服务满意。"]
NOTES = ["季度订货，要求10号前交货。", "银行转账，30天内付款。", "偏好微信联系。", "对价格敏感。"]


class CrmUser(FastHttpUser):
    """One person of one workspace at work on their customer list, with a bearer token."""

    identities = []  # filled by main(): each user takes the next one
    _taken = itertools.count()
    wait_time = between(0.5, 1.5)

    def on_start(self):
        """Take an identity and read the first page of customers, as the list page would."""
        me = self.identities[next(self._taken) % len(self.identities)]
        self.user_id, self.role = me["user_id"], me["role"]
        self.headers = {"Authorization": f"Bearer {me['token']}", "Accept-Language": "zh-CN"}
        self.seen = {}
        self.list_customers()

    def _remember(self, response):
        page = response.json()
        for item in page["items"]:
            self.seen[item["id"]] = item
        return page

    def _pick(self, manageable=False):
        """A customer this user has seen (and may change, when `manageable`), or None."""
        items = list(self.seen.values())
        if manageable and self.role == "rep":  # a rep changes their own; shared ones only take contact records
            items = [c for c in items if c["owner"] and c["owner"]["id"] == self.user_id]
        return random.choice(items) if items else None

    @task(4)
    def list_customers(self):
        """The customer list in one of its sort orders, sometimes its next page."""
        sort = random.choice(SORTS)
        resp = self.client.get(f"{API}/customers?limit=50&sort={sort}", name="list", headers=self.headers)
        page = self._remember(resp) if resp.status_code == 200 else {}
        if page.get("next_cursor") and random.random() < 0.3:
            resp = self.client.get(f"{API}/customers?limit=50&sort={sort}&cursor={page['next_cursor']}",
                                   name="list: next page", headers=self.headers)
            if resp.status_code == 200:
                self._remember(resp)

    @task(2)
    def search(self):
        """The search box: the first two characters of a customer's name."""
        customer = self._pick()
        if customer:
            self.client.get(f"{API}/customers", params={"q": customer["name"][:2], "limit": 50}, name="search",
                            headers=self.headers)

    @task(3)
    def open_customer(self):
        """A customer's page: the customer, then its timeline."""
        customer = self._pick()
        if customer:
            self.client.get(f"{API}/customers/{customer['id']}", name="open", headers=self.headers)
            self.client.get(f"{API}/customers/{customer['id']}/activities?limit=20", name="open: timeline",
                            headers=self.headers)

    @task(1)
    def edit_customer(self):
        """Change a customer's notes and level."""
        customer = self._pick(manageable=True)
        if customer:
            body = {"notes": random.choice(NOTES), "level": random.choice(["effective", "potential", "intention"])}
            self.client.patch(f"{API}/customers/{customer['id']}", json=body, name="edit", headers=self.headers)

    @task(1)
    def log_activity(self):
        """Log a call or visit that just happened."""
        customer = self._pick()
        if customer:
            body = {"kind": random.choice(["call", "visit"]), "occurred_at": datetime.now(timezone.utc).isoformat(),
                    "subject": random.choice(SUBJECTS), "outcome": random.choice(OUTCOMES)}
            self.client.post(f"{API}/customers/{customer['id']}/activities", json=body, name="log activity",
                             headers=self.headers)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--identities", required=True, help="JSON list of {workspace, user_id, role, token}")
    parser.add_argument("--steps", required=True, help="concurrent users per step, e.g. 1,5,10")
    parser.add_argument("--step-seconds", type=float, required=True)
    parser.add_argument("--warmup-seconds", type=float, default=5)
    parser.add_argument("--think", type=float, required=True, help="mean think time in seconds")
    parser.add_argument("--out", required=True)
    return parser.parse_args()


def step_figures(env, users, elapsed):
    """What one step measured: throughput, latency percentiles, failures, per request name."""
    total = env.stats.total

    def summary(entry):
        return {"requests": entry.num_requests, "failures": entry.num_failures,
                "p50": entry.get_response_time_percentile(0.5), "p95": entry.get_response_time_percentile(0.95),
                "p99": entry.get_response_time_percentile(0.99)}

    return {"users": users, "seconds": elapsed, "rps": total.num_requests / elapsed, **summary(total),
            "by_name": {name: summary(entry) for (name, _method), entry in sorted(env.stats.entries.items())},
            "errors": [f"{e.occurrences} x {e.method} {e.name}: {e.error}" for e in env.stats.errors.values()],
            "generator_cpu_warning": env.runner.cpu_warning_emitted, "load_average": os.getloadavg()[0]}


def main():
    args = parse_args()
    logging.basicConfig(level=logging.WARNING)
    with open(args.identities) as fh:
        identities = json.load(fh)
    random.Random(0).shuffle(identities)  # consecutive users come from different workspaces
    CrmUser.identities = identities
    CrmUser.wait_time = between(args.think / 2, args.think * 3 / 2)
    env = Environment(user_classes=[CrmUser], host=args.host)
    runner = env.create_local_runner()
    steps = [int(n) for n in args.steps.split(",")]
    results = []
    # Warm-up, not measured: every worker's first requests compile and cache their statements.
    runner.start(10, spawn_rate=10)
    gevent.sleep(args.warmup_seconds)
    for users in steps:
        runner.start(users, spawn_rate=min(users, 100))
        while runner.user_count != users:
            gevent.sleep(0.1)
        gevent.sleep(1)  # the new users' first list pages (on_start) are not the step's
        env.stats.reset_all()
        started = time.monotonic()
        gevent.sleep(args.step_seconds)
        results.append(step_figures(env, users, time.monotonic() - started))
        last = results[-1]
        print(f"  {users:>4} users: {last['rps']:.1f} req/s, p95 {last['p95']:.0f} ms, "
              f"{last['failures']} errors", flush=True)
    runner.quit()
    with open(args.out, "w") as fh:
        json.dump(results, fh)


if __name__ == "__main__":
    main()
