"""The policy's shape and its documented defaults (docs/dispatch.md): what a workspace uses before saving its own."""
from dataclasses import dataclass, field

DEFAULT_WEIGHTS = {
    "skill_fit": 3.0,
    "spare_capacity": 2.0,
    "tenure": 0.0,          # opt-in
    "time_in_post": 0.0,    # opt-in
    "performance": 0.0,     # opt-in
    "continuity": 1.0,
    "preferred": 1.0,
    "region": 1.0,
    "urgency": 1.0,
    "fairness": 0.0,        # opt-in
}
"""Weight of each built-in soft factor (>= 0; 0 leaves it out). A plugin's factor starts at 0 until the admin weighs it."""

DEFAULT_PARAMETERS = {
    "region_mode": "prefer",            # "strict": a hard rule; "prefer": only the region factor
    "auto_assign": False,               # give a new task to its top candidate when it is created
    "overqualification_penalty": 0.5,   # 0..1: how much skill fit drops for levels above the minimum
    "tenure_cap_years": 10,             # tenure counts up to this many years, with diminishing returns
    "post_cap_years": 5,                # time in post likewise
    "performance_cap": 0.9,             # performance above this counts as this
    "performance_prior_tasks": 5,       # finished tasks before a person's own record outweighs the neutral 0.5
    "continuity_days": 365,             # "served this customer before" looks back this far
    "fairness_window_days": 30,         # the rolling window of the fairness measure and factor
    "horizon_days": 7,                  # on duty within this many days when a task has no due time
}
"""The hard rules' and soft factors' settings, each documented in docs/dispatch.md."""


@dataclass(frozen=True)
class Policy:
    """The policy in force (or proposed): its version (0 = the defaults), weights and parameters."""

    version: int = 0
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    parameters: dict = field(default_factory=lambda: dict(DEFAULT_PARAMETERS))

    def weight(self, key):
        """The weight of factor `key` (0 for a factor the policy does not name: a plugin's new one)."""
        return float(self.weights.get(key, 0.0))

    def parameter(self, key):
        """The value of parameter `key`, the default where the saved version predates it."""
        return self.parameters.get(key, DEFAULT_PARAMETERS[key])
