"""The dispatch policy: the version in force, saving a new one with validation, the versions and their differences.

CONTRACT (other features call these):
- current_policy() -> Policy  (policy/defaults.py)
- save_policy(actor, weights, parameters, note=None) -> PolicyVersion  (validated: ValidationError; flushed)
- preview(proposed_policy, limit=20) -> dict  (policy/preview.py; nothing saved)

A saved version is never changed: saving adds the next version, which the core's
audit trail records like any audited row. Weights and parameters left out of a
save keep the values in force; the weight of a factor whose plugin is off now is
kept as it was, for when that plugin is turned on again.
"""
from flask import abort
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import User, db, gettext as _, keyset_page

from plugins.task_dispatch.models import PolicyVersion
from plugins.task_dispatch.policy.defaults import DEFAULT_PARAMETERS, DEFAULT_WEIGHTS, Policy
from plugins.task_dispatch.policy.labels import PARAMETER_LABELS
from plugins.task_dispatch.policy.preview import compare
from plugins.task_dispatch.policy.schemas import DispatchPolicyInputSchema
from plugins.task_dispatch.scoring.extensions import available_factors, factor_labels


def current_policy():
    """The workspace's policy in force: its highest saved version, else the defaults (version 0)."""
    return as_policy(_latest())


def _latest():
    """The workspace's highest saved version, or None."""
    return db.session.scalar(select(PolicyVersion).order_by(PolicyVersion.version.desc()).limit(1))


def as_policy(row):
    """The Policy a saved version (None: the defaults) stands for, defaults filled in for keys it predates."""
    if row is None:
        return Policy()
    return Policy(version=row.version, weights={**DEFAULT_WEIGHTS, **row.weights},
                  parameters={**DEFAULT_PARAMETERS, **row.parameters})


def factors(policy=None):
    """Every factor the workspace can weigh now (built-in and enabled plugins'), each with its weight in `policy`."""
    policy = policy or current_policy()
    return [{**factor, "weight": policy.weight(factor["key"])} for factor in available_factors()]


def proposed_policy(weights, parameters, base=None):
    """The Policy that `weights` and `parameters` make over `base` (the policy in force), validated; not saved.

    Raises ValidationError with messages per field: a weight outside 0..100, a
    factor no built-in or enabled plugin offers, all weights 0, a bad parameter.
    """
    base = base or current_policy()
    data = DispatchPolicyInputSchema().load({"weights": weights or {}, "parameters": parameters or {}})
    known = {factor["key"] for factor in available_factors()}
    unknown = sorted(set(data["weights"]) - known)
    if unknown:
        raise ValidationError({"weights": {key: [_("There is no factor %(key)s in this workspace.", key=key)]
                                           for key in unknown}})
    merged = {**base.weights, **data["weights"]}
    if not any(merged.get(key, 0) > 0 for key in known):
        raise ValidationError({"weights": [_("Give at least one factor a weight above 0.")]})
    return Policy(version=base.version + 1, weights=merged, parameters={**base.parameters, **data["parameters"]})


def save_policy(actor, weights, parameters, note=None):
    """Save the next version of the policy from `weights` and `parameters` (validated, see proposed_policy); flushed.

    Raises ValidationError and saves nothing when any value is refused. Two saves
    racing for the same version number meet the unique constraint (a 409).
    """
    policy = proposed_policy(weights, parameters)
    note = DispatchPolicyInputSchema(only=("note",)).load({"note": note})["note"]
    row = PolicyVersion(version=policy.version, weights=policy.weights, parameters=policy.parameters, note=note,
                        created_by_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    return row


def versions():
    """Every saved version of the workspace's policy, newest first."""
    return db.session.scalars(select(PolicyVersion).order_by(PolicyVersion.version.desc())).all()


def version_page(args):
    """A cursor page of the saved versions, newest first; (versions, next_cursor)."""
    return keyset_page(select(PolicyVersion), [PolicyVersion.version], True, args.get("cursor"), args["limit"])


def version_or_404(version):
    """The workspace's saved version `version`, else a 404 (another workspace's numbers mean nothing here)."""
    if not 0 < version < 2**31:
        # An INTEGER column: PostgreSQL refuses a larger parameter with an error (a 500), not "no row".
        abort(404)
    row = db.session.scalar(select(PolicyVersion).where(PolicyVersion.version == version))
    if row is None:
        abort(404)
    return row


def previous_of(rows):
    """{version: the Policy before it} for saved versions `rows` (version 1's is the defaults)."""
    wanted = {row.version - 1 for row in rows} - {0}
    found = {row.version: row for row in db.session.scalars(
        select(PolicyVersion).where(PolicyVersion.version.in_(wanted)))} if wanted else {}
    return {row.version: as_policy(found.get(row.version - 1)) for row in rows}


def diff(a, b, labels=None):
    """What changed from `a` to `b` (PolicyVersions or Policies): [{"kind", "key", "label", "before", "after"}].

    Weights first (in the order of the factors, then any others by key), then
    parameters in the order of the settings page.
    """
    a, b = _policy(a), _policy(b)
    labels = factor_labels() if labels is None else labels
    changes = []
    for key in [*labels, *sorted((set(a.weights) | set(b.weights)) - set(labels))]:
        before, after = a.weight(key), b.weight(key)
        if before != after:
            changes.append({"kind": "weight", "key": key, "label": labels.get(key, key), "before": before,
                            "after": after})
    for key in PARAMETER_LABELS:
        before, after = a.parameter(key), b.parameter(key)
        if before != after:
            changes.append({"kind": "parameter", "key": key, "label": str(PARAMETER_LABELS[key][0]),
                            "before": before, "after": after})
    return changes


def _policy(value):
    """A Policy for a PolicyVersion, a Policy or None (the defaults)."""
    return value if isinstance(value, Policy) else as_policy(value)


def described(rows):
    """Saved versions as the API and the history show them: values, who saved it, and its changes."""
    rows = list(rows)
    before, labels = previous_of(rows), factor_labels()
    names = dict(db.session.execute(select(User.id, User.name).where(
        User.id.in_({row.created_by_id for row in rows if row.created_by_id}))).all()) if rows else {}
    return [{"version": row.version, "weights": row.weights, "parameters": row.parameters, "note": row.note,
             "created_by_id": row.created_by_id, "created_by_name": names.get(row.created_by_id),
             "created_at": row.created_at, "changes": diff(before[row.version], row, labels)} for row in rows]


def in_force():
    """The policy in force as the API shows it: its version's facts, and every factor with its weight."""
    row = _latest()
    policy = as_policy(row)
    shown = described([row])[0] if row else {"version": 0, "note": None, "created_by_id": None,
                                             "created_by_name": None, "created_at": None, "changes": []}
    listed = factors(policy)
    return {**shown, "weights": {factor["key"]: factor["weight"] for factor in listed},
            "parameters": policy.parameters, "factors": listed}


def preview(proposed, limit=20):
    """How the `limit` most recent tasks (open ones first) rank under the policy in force and under `proposed`."""
    return compare(current_policy(), proposed, limit)
