"""Summing figures up an org tree: pure, no database, so the rule is testable on any tree."""


def children_of(units):
    """{parent id: [child ids]} of `units` [(id, parent_id)]; a parent not among `units` makes its child a root."""
    known = {unit_id for unit_id, _ in units}
    children = {}
    for unit_id, parent_id in units:
        children.setdefault(parent_id if parent_id in known else None, []).append(unit_id)
    return children


def roll_up(units, figures, overrides=None):
    """{unit id: subtotal}: a unit's own reps' figure (`figures`) plus its child units' subtotals.

    `units` is [(id, parent_id)]; a parent outside `units` (above what the viewer
    sees) makes the unit a root. `overrides` {unit id: amount} replaces a unit's
    subtotal (a manager's adjustment), and the replacement is what its parent adds up.
    """
    overrides = overrides or {}
    children = children_of(units)
    subtotals = {}
    # Depth-first from the roots without recursion (deep trees), adding a unit up once its children are done.
    stack = [(root, False) for root in children.get(None, [])]
    while stack:
        unit_id, children_done = stack.pop()
        if not children_done:
            stack.append((unit_id, True))
            stack.extend((child, False) for child in children.get(unit_id, []))
            continue
        if unit_id in overrides:
            subtotals[unit_id] = overrides[unit_id]
        else:
            subtotals[unit_id] = sum((subtotals[child] for child in children.get(unit_id, [])),
                                     figures.get(unit_id, 0))
    return subtotals

