"""Custom fields for the demo workspace: a few fields a Chinese trading firm would add, filled in for most customers."""
import random
from decimal import Decimal

from sqlalchemy import insert, select

from crm_platform.extensions import db
from crm_platform.models import Contact, Customer, CustomFieldDefinition, CustomFieldValue

# (entity, key, label, type, choices, share of records with a value); demo data, in Chinese like the rest.
FIELDS = [
    ("customer", "intent", "合作意向", "choice", ["高", "中", "低"], 0.8),
    ("customer", "annual_purchases", "年采购额", "money", None, 0.6),
    ("customer", "channels", "获客渠道", "multi_choice", ["展会", "官网", "转介绍", "电话开发"], 0.7),
    ("contact", "decision_maker", "决策人", "yes_no", None, 0.5),
]


def seed_custom_fields(seed, echo):
    """Add the demo's custom fields and values to the workspace in scope (Core-style ORM bulk inserts)."""
    rng = random.Random(seed)
    ids = {"customer": db.session.scalars(select(Customer.id)).all(),
           "contact": db.session.scalars(select(Contact.id)).all()}
    rows = []
    for position, (entity, key, label, kind, choices, share) in enumerate(FIELDS):
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
    echo(f"  {len(FIELDS)} custom fields, {len(rows)} values")
