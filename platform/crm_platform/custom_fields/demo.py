"""Custom fields for the demo workspace: a few fields a Chinese trading firm would add, filled in for most customers."""
import random
from decimal import Decimal

from flask_babel import gettext
from sqlalchemy import insert, select

from crm_platform.extensions import db
from crm_platform.models import Contact, Customer, CustomFieldDefinition, CustomFieldValue

# (entity, key, label, type, choices, share of records with a value); labels and choices are
# demo data in the demo's language, (Chinese, English), like its customers.
FIELDS = [
    ("customer", "intent", ("合作意向", "Interest"), "choice", (["高", "中", "低"], ["High", "Medium", "Low"]), 0.8),
    ("customer", "annual_purchases", ("年采购额", "Annual purchases"), "money", None, 0.6),
    ("customer", "channels", ("获客渠道", "Channels"), "multi_choice",
     (["展会", "官网", "转介绍", "电话开发"], ["Trade fair", "Website", "Referral", "Cold call"]), 0.7),
    ("contact", "decision_maker", ("决策人", "Decision maker"), "yes_no", None, 0.5),
]


def seed_custom_fields(seed, echo, chinese=True):
    """Add the demo's custom fields and values to the workspace in scope (Core-style ORM bulk inserts)."""
    rng = random.Random(seed)
    language = 0 if chinese else 1
    ids = {"customer": db.session.scalars(select(Customer.id)).all(),
           "contact": db.session.scalars(select(Contact.id)).all()}
    rows = []
    for position, (entity, key, labels, kind, all_choices, share) in enumerate(FIELDS):
        label, choices = labels[language], all_choices[language] if all_choices else None
        field = CustomFieldDefinition(entity=entity, key=key, label=label, type=kind, choices=choices or [],
                                      position=position)
        db.session.add(field)
        db.session.flush()
        for record_id in ids[entity]:
            if rng.random() >= share:
                continue
            base = {"entity": entity, "record_id": record_id, "field_id": field.id}
            if kind == "multi_choice":
                rows += [{**base, "value_text": c} for c in rng.sample(choices, rng.randint(1, 2))]
            elif kind == "choice":
                rows.append({**base, "value_text": rng.choice(choices)})
            elif kind == "money":
                rows.append({**base, "value_number": Decimal(rng.randrange(5, 5000) * 1000)})
            else:
                rows.append({**base, "value_bool": rng.random() < 0.4})
    if rows:
        db.session.execute(insert(CustomFieldValue), rows)
    db.session.commit()
    echo("  " + gettext("%(fields)d custom fields, %(values)d values", fields=len(FIELDS), values=len(rows)))
