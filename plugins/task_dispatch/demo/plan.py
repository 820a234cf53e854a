"""The shape of the dispatch demo, the same in every language: the catalogue, the people's profiles, the kinds of task.

The words (names, titles, notes) are in texts_zh.py and texts_en.py under the same keys.
The demo firm sells, installs and services refrigeration and air-conditioning
equipment, so its work needs repairers, installers, an applications engineer and
the managers who also do pre-sales work.
"""
SKILLS = (  # key, counts only with a valid certification
    ("aircon_repair", False), ("refrigeration", False), ("electrical", True), ("welding", True),
    ("commissioning", False), ("training", False), ("presales", False),
)
RESOURCES = (  # key, category
    ("service_van", "vehicle"), ("aerial_platform", "vehicle"), ("test_instruments", "tool"),
    ("refrigerant_recovery", "tool"), ("height_licence", "licence"), ("forklift_licence", "licence"),
)
CERTIFICATES = {"electrician": "electrical", "welder": "welding", "refrigeration_operator": "refrigeration",
                "height": None}
"""certificate key -> the skill it certifies (None: a licence of its own)."""

# Each profile: skills {key: level}, resources, capacity (points), years since hired and in the post,
# certificates (key, validity: "valid", "soon" = expires in a few weeks, "expired"),
# and how the person works: mean rating given (1-5) and the share finished on time.
REP_PROFILES = (
    {"key": "senior", "skills": {"aircon_repair": 5, "refrigeration": 5, "electrical": 4, "welding": 4,
                                 "commissioning": 4},
     "resources": ["service_van", "test_instruments", "refrigerant_recovery"], "capacity": 10,
     "hired": 11.2, "posted": 6.5, "certificates": [("electrician", "valid"), ("welder", "valid"),
                                                    ("refrigeration_operator", "valid")],
     "rating": 4.6, "on_time": 0.95},
    {"key": "junior", "skills": {"aircon_repair": 2, "refrigeration": 2, "commissioning": 2, "training": 1},
     "resources": ["test_instruments"], "capacity": 6, "hired": 0.8, "posted": 0.8,
     "certificates": [("refrigeration_operator", "valid")], "rating": 3.6, "on_time": 0.7},
    {"key": "installer", "skills": {"commissioning": 5, "electrical": 3, "aircon_repair": 3, "training": 2},
     "resources": ["aerial_platform", "forklift_licence", "height_licence", "service_van"], "capacity": 8,
     "hired": 4.3, "posted": 2.1, "certificates": [("electrician", "soon"), ("height", "valid")],
     "rating": 4.2, "on_time": 0.85},
    {"key": "applications", "skills": {"training": 5, "presales": 4, "commissioning": 3, "refrigeration": 3},
     "resources": ["service_van", "test_instruments"], "capacity": 8, "hired": 6.1, "posted": 1.4,
     "certificates": [("refrigeration_operator", "valid")], "rating": 4.4, "on_time": 0.9},
)
MANAGER_PROFILES = (
    {"key": "technical_manager", "skills": {"presales": 5, "training": 4, "refrigeration": 4, "electrical": 3},
     "resources": ["service_van"], "capacity": 4, "hired": 12.5, "posted": 3.2,
     "certificates": [("electrician", "expired")], "rating": 4.5, "on_time": 0.9},
    {"key": "service_manager", "skills": {"aircon_repair": 4, "refrigeration": 3, "presales": 3, "training": 3,
                                          "commissioning": 3},
     "resources": ["refrigerant_recovery", "service_van", "test_instruments"], "capacity": 4, "hired": 9.0,
     "posted": 4.0, "certificates": [], "rating": 4.5, "on_time": 0.9},
)

TASKS = {  # key: (required skills, required resources, effort points)
    "cold_store_fault": ({"refrigeration": 3, "aircon_repair": 2}, ["service_van", "test_instruments"], 2),
    "aircon_service": ({"aircon_repair": 2}, ["service_van"], 2),
    "install_freezers": ({"commissioning": 3, "electrical": 2}, ["service_van"], 3),
    "rewiring": ({"electrical": 3}, ["service_van"], 2),
    "roof_fan": ({"aircon_repair": 3}, ["aerial_platform", "height_licence"], 3),
    "unloading": ({"commissioning": 2}, ["forklift_licence"], 1),
    "operator_training": ({"training": 3}, [], 1),
    "site_survey": ({"presales": 3}, [], 1),
    "refrigerant_leak": ({"refrigeration": 3}, ["refrigerant_recovery", "test_instruments"], 2),
    "controls_tuning": ({"commissioning": 3, "refrigeration": 2}, ["test_instruments"], 2),
    "proposal_meeting": ({"presales": 4, "training": 2}, [], 1),
    "compressor": ({"refrigeration": 4, "welding": 3}, ["service_van", "refrigerant_recovery"], 3),
    "water_leak": ({"aircon_repair": 2}, [], 1),
    "inspection": ({"refrigeration": 2}, ["test_instruments"], 1),
}
INTERNAL_TASKS = {  # work for no customer: key: (required skills, required resources, effort points)
    "staff_training": ({"training": 4}, [], 1),
    "van_inspection": ({}, ["service_van"], 1),
}

HISTORY_WEEKS = 6
"""Finished work reaches this many weeks back (the fairness window is 30 days)."""
HISTORY_PER_WEEK = 5
IN_HAND = 8
"""Tasks assigned and not yet finished (half of them started)."""
OPEN = 20
"""Unassigned tasks waiting on the board (two of them internal)."""
PRIORITY_TURN = ("normal", "high", "normal", "low", "urgent", "normal", "high", "normal")
