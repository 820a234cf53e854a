"""The dispatch demo's tasks: weeks of finished work with ratings, work in hand, and open tasks for the board.

Each task is made, assigned, started, finished and rated through the module's
services, so its number, its stored explanation (policy version, factors, rank,
alternatives), its audit trail and its assignee's performance are what users would
have made. The scores are computed now; only the instants are set back afterwards
(created, assigned, started, finished), so the lists read as weeks of work and the
fairness window sees the assignments where they belong. Tasks are made in the order
of their creation instants, so their numbers follow time. History is told week by
week: within a week the spare-capacity and fairness factors spread the work.
"""
from datetime import timedelta
from types import SimpleNamespace

from crm_platform.sdk import db

from plugins.task_dispatch.assign.service import assign, auto_assign, recommend
from plugins.task_dispatch.demo.clock import AFTERNOON, MORNING
from plugins.task_dispatch.demo.plan import (
    HISTORY_PER_WEEK, HISTORY_WEEKS, IN_HAND, INTERNAL_TASKS, OPEN, PRIORITY_TURN, TASKS,
)
from plugins.task_dispatch.policy.service import save_policy
from plugins.task_dispatch.tasks.performance import refresh_performance
from plugins.task_dispatch.tasks.service import change_status, create_task, rate_task

POLICY_WEIGHTS = {"tenure": 0.5, "time_in_post": 0.3, "performance": 1.0, "fairness": 0.5}
"""The demo's saved policy: the opt-in factors on, with small weights, on top of the defaults."""
IN_HAND_KINDS = ("proposal_meeting", "roof_fan", "inspection", "aircon_service", "site_survey", "cold_store_fault",
                 "operator_training", "controls_tuning")
OPEN_DUE = (1, 2, 3, -1, -2, 1, 2, 3, 4, 5, 5, 6, 7, 8, 10, 20, None, None, 4, 6)
"""Working days from today to each open task's due time (negative: overdue; None: no due time)."""
WISHED_KINDS = ("cold_store_fault", "install_freezers", "water_leak")
"""The open tasks of the customers who prefer the senior engineer, prefer the installer, exclude the new hire."""


class WorkStory:
    """Seeds the demo's tasks for its customers, given out by its admin (a dispatcher), at the demo clock's instants."""

    def __init__(self, rng, texts, team, plans, customers, clock):
        self.rng, self.texts, self.team, self.plans, self.clock = rng, texts, team, plans, clock
        self.customers = customers
        self.turn = 0
        self.people = {user.id: user for user in team.reps + team.managers}
        self.regions = [customer.region for customer in customers]

    def task(self, key, customer, due, priority="normal", earliest=None):
        """A new task of the plan's kind `key` for `customer` (None: internal work), made by its owner or the admin."""
        skills, resources, effort = {**TASKS, **INTERNAL_TASKS}[key]
        title, description = self.texts.tasks[key]
        creator = self.people.get(getattr(customer, "owner_id", None), self.team.admin)
        return create_task(creator, {
            "title": title, "description": description, "customer_id": getattr(customer, "id", None),
            "region": None if customer is not None else self.regions[self.turn % len(self.regions)],
            "priority": priority, "effort": effort, "earliest_start": earliest, "due": due,
            "required_skills": [{"skill": skill, "level": level} for skill, level in skills.items()],
            "required_resources": list(resources)})

    def next_customer(self):
        """The demo's customers in turn."""
        customer = self.customers[self.turn % len(self.customers)]
        self.turn += 1
        return customer

    def give(self, task, position):
        """Assign `task` the way dispatchers do: mostly the top candidate, now and then another one, with why."""
        reason = self.rng.choice(self.texts.reasons)  # drawn whoever is chosen: the same seed, the same story
        ranking = recommend(self.team.admin, task)
        if not ranking.candidates:
            return None
        if position % HISTORY_PER_WEEK == 2 and len(ranking.candidates) > 1:
            return assign(self.team.admin, task, ranking.candidates[1].user_id, "manual", reason=reason,
                          ranking=ranking)
        if position % 2:
            return assign(self.team.admin, task, ranking.candidates[0].user_id, "manual", ranking=ranking)
        return auto_assign(self.team.admin, task)

    def fate(self, created_back, due_back):
        """Every chance of a finished task, drawn before anyone is chosen (so a tie cannot shift the seed's story).

        Made the morning of `created_back` working days ago, given out an hour or
        two later, started the next working day; finished the afternoon of its due
        day, or a day late; rated most of the time, around the assignee's usual mark.
        """
        clock, rng = self.clock, self.rng
        created = clock.during(clock.days_back(created_back), afternoon=False)
        late = clock.during(clock.days_back(due_back - 1)) if due_back > 1 else clock.due_back(1) + timedelta(hours=2)
        return SimpleNamespace(
            created=created, assigned=created + timedelta(minutes=rng.randrange(20, 150, 5)),
            started=clock.during(clock.days_back(max(created_back - 1, due_back)), afternoon=False),
            on_time=clock.during(clock.days_back(due_back), afternoon=True), late=late,
            cancelled=clock.during(clock.days_back(max(created_back - 1, 1))),
            luck=rng.random(), rated=rng.random(), mark=rng.gauss(0, 0.7), outcome=rng.choice(self.texts.outcomes))

    def history(self):
        """HISTORY_WEEKS weeks of finished work, oldest first; the policy is saved halfway through."""
        for week in range(HISTORY_WEEKS, 0, -1):
            if week == HISTORY_WEEKS // 2:
                self.save_policy(self.clock.days_back(week * HISTORY_PER_WEEK + 2))  # after the week before it
            given = []
            for position in range(HISTORY_PER_WEEK):
                created_back = week * HISTORY_PER_WEEK + 1 - position  # one a working day, oldest first
                due_back = max(created_back - self.rng.randint(2, 4), 1)
                kind, fate = self.rng.choice(sorted(TASKS)), self.fate(created_back, due_back)
                task = self.task(kind, self.next_customer(), self.clock.due_back(due_back),
                                 priority=PRIORITY_TURN[(week + position) % len(PRIORITY_TURN)])
                assignment = self.give(task, position)
                if assignment is not None:
                    given.append((task, assignment, fate))
            for number, (task, assignment, fate) in enumerate(given):
                if week == 2 and number == 0:
                    change_status(self.team.admin, task, "cancelled", outcome=self.texts.cancelled)
                    self.date(task, assignment, fate.created, fate.assigned, finished=fate.cancelled)
                else:
                    self.finish(task, assignment, fate)
            db.session.commit()

    def save_policy(self, day):
        """The admin's policy version: tenure, time in post, performance and fairness weighed a little."""
        row = save_policy(self.team.admin, POLICY_WEIGHTS, {}, note=self.texts.policy_note)
        row.created_at = self.clock.at(day, AFTERNOON[1])
        db.session.commit()

    def finish(self, task, assignment, fate):
        """The assignee starts and finishes the task, on time or late as they tend to; the admin mostly rates it."""
        person = self.people[task.assignee_id]
        plan = self.plans[person.id]
        change_status(person, task, "in_progress")
        change_status(person, task, "done", outcome=fate.outcome)
        if fate.rated < 0.85:
            rate_task(self.team.admin, task, max(1, min(5, round(plan["rating"] + fate.mark))))
        finished = fate.on_time if fate.luck < plan["on_time"] else fate.late
        self.date(task, assignment, fate.created, fate.assigned, started=fate.started, finished=finished)

    def date(self, task, assignment, created, assigned, started=None, finished=None):
        """Set the task's and its assignment's instants back, in order, none of them after now."""
        task.created_at = created
        task.assigned_at = assignment.created_at = assigned
        if started is not None:
            task.started_at = self.clock.before_now(max(started, assigned + timedelta(minutes=30)))
        if finished is not None:
            task.finished_at = self.clock.before_now(max(finished, task.started_at or assigned))
        task.updated_at = task.finished_at or task.started_at or assigned

    def in_hand(self):
        """Tasks given out in the past week, due in the coming days; every other one started."""
        for position, key in enumerate(IN_HAND_KINDS[:IN_HAND]):
            created_back = 6 - position * 3 // IN_HAND  # 6, 6, 6, 5, 5, 5, 4, 4: oldest first
            created = self.clock.during(self.clock.days_back(created_back), afternoon=position % 3 == 2)
            assigned = created + timedelta(minutes=self.rng.randrange(20, 150, 5))
            started = self.clock.during(self.clock.days_back(created_back - 2)) if position % 2 else None
            task = self.task(key, self.next_customer(), self.clock.due_ahead(1 + position % 5),
                             priority=PRIORITY_TURN[position % len(PRIORITY_TURN)])
            assignment = self.give(task, position)
            if assignment is None:
                continue
            if started is not None:
                change_status(self.people[task.assignee_id], task, "in_progress")
            self.date(task, assignment, created, assigned, started=started)
        db.session.commit()

    def open_tasks(self, wished):
        """OPEN unassigned tasks across regions, priorities, skills and due dates; the first for the `wished` customers.

        Two are internal (no customer); two may start only the day after tomorrow.
        They are made in the order they came in over the last three working days.
        """
        kinds, planned = sorted(TASKS), []
        for position, due_in in enumerate(OPEN_DUE[:OPEN]):
            if position < len(wished):
                key, customer = WISHED_KINDS[position], wished[position]
            elif position >= OPEN - len(INTERNAL_TASKS):
                key, customer = sorted(INTERNAL_TASKS)[position - OPEN + len(INTERNAL_TASKS)], None
            else:
                key, customer = kinds[(position * 5) % len(kinds)], self.next_customer()
            if due_in == 20:
                key = "rewiring"  # planned a month out: the installer's certificate will have expired by then
            overdue = due_in is not None and due_in < 0
            due = None if due_in is None else self.clock.due_back(-due_in) if overdue else self.clock.due_ahead(due_in)
            created = self.clock.during(self.clock.days_back(3 if overdue else 1 + position % 3))
            planned.append((created, position, key, customer, due, "urgent" if overdue else
                            PRIORITY_TURN[position % len(PRIORITY_TURN)]))
        for created, position, key, customer, due, priority in sorted(planned, key=lambda entry: entry[:2]):
            earliest = self.clock.at(self.clock.days_ahead(2), MORNING[0]) if position in (9, 13) else None
            task = self.task(key, customer, due, priority=priority, earliest=earliest)
            task.created_at = task.updated_at = created
        db.session.commit()

    def refresh(self):
        """Every profile's performance from the finished work as dated (the figures count finishing times)."""
        for user_id in self.people:
            refresh_performance(user_id)
        db.session.commit()
