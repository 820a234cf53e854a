"""The words for the policy's parameters on the settings page, the history and the API's factor list."""
from crm_platform.sdk import lazy_gettext as _l

PARAMETER_LABELS = {
    "region_mode": (_l("Region"), _l("Strict: only people of the task's region are eligible. Prefer: anyone, "
                                     "the region factor ranks people of the task's region higher.")),
    "auto_assign": (_l("Assign new tasks automatically"),
                    _l("A new task goes to its top candidate as soon as it is created.")),
    "overqualification_penalty": (_l("Over-qualification penalty (0 to 1)"),
                                  _l("How much skill fit drops for each level above the minimum a task asks.")),
    "tenure_cap_years": (_l("Tenure counts up to (years)"),
                         _l("Time with the company counts with diminishing returns up to this many years.")),
    "post_cap_years": (_l("Time in post counts up to (years)"),
                       _l("Time in the current post counts with diminishing returns up to this many years.")),
    "performance_cap": (_l("Performance cap (0.1 to 1)"), _l("Performance above this figure counts as this.")),
    "performance_prior_tasks": (_l("Finished tasks before performance counts fully"),
                                _l("Until a person has finished this many tasks, their figure leans towards "
                                   "the neutral 0.5.")),
    "continuity_days": (_l("Continuity looks back (days)"),
                        _l("Who served the customer within this many days counts as continuity.")),
    "fairness_window_days": (_l("Fairness window (days)"),
                             _l("The rolling window of the fairness measure and the fairness factor.")),
    "horizon_days": (_l("Duty horizon (days)"),
                     _l("A task with no due time needs its person on duty within this many days.")),
}
"""{parameter: (label, description)}, in the order the settings page shows them."""

REGION_MODE_LABELS = {"prefer": _l("Prefer the task's region"), "strict": _l("Only the task's region")}
