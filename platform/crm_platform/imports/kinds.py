"""Import kinds: what a batch imports (customers, or a plugin's records offered through `crm_import_kinds`).

The upload, mapping, preview, job, checkpoint and report are the same for
every kind (docs/imports.md); an ImportKind says what is particular: its
fields, how a row becomes valid data, how duplicates are found, and how a
chunk of rows is written. The core's customer import is the kind "customers"
(imports/customers.py); a plugin's kinds are registered per app, like its job
kinds, and only workspaces that enabled the plugin can use them.
"""
import copy
from dataclasses import dataclass

from flask import current_app, has_app_context
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.exceptions import Conflict, Forbidden

from crm_platform.jobs.kinds import JobKind, register_plugin_kind
from crm_platform.modules.state import is_enabled
from crm_platform.roles import has_permission


@dataclass(frozen=True)
class ImportField:
    """A field of an import kind: its name (the mapping's value), label, whether a file must map it, header synonyms."""

    name: str
    label: str
    required: bool = False
    # Header names (any case, "_" "-" "." as spaces) suggested for this field besides its name and label.
    synonyms: tuple = ()


class ImportKind:
    """A kind of record to import. Subclass it, set the attributes, and implement `fields`, `schema` and `create`.

    A kind may implement `create_many` instead of `create`, to write a chunk's
    records at once (the customers: one INSERT per table and chunk).

    Methods get the importing user; everything runs in the tenant's scope and,
    in the job, inside the chunk's transaction: never commit.
    """

    key = None
    """Unique name, stored on each batch; a plugin's starts with the plugin's name ("sales_automation_leads")."""
    label = None
    """What people pick it by: "Leads"."""
    title = None
    """The upload page's heading: "Import leads"."""
    permission = None
    """The permission needed to import this kind; None lets every signed-in user."""
    on_duplicate = ("skip", "create")
    """What a row matching an existing record may do; add "update" when `update` is implemented."""
    duplicate_question = _l("When a row matches an existing record")
    """The label of the mapping page's duplicate choice: which records count as duplicates, and by what."""
    list_endpoint = None
    """The page the import's breadcrumbs and "back" link lead to (an endpoint without arguments)."""
    plugin = None
    """The plugin that offers the kind; set by the core, never by the plugin. None for the core's own."""

    def job_kind(self):
        """The name of the job kind that runs this kind's batches."""
        return f"{self.key}_import"

    def job_label(self):
        """The job kind's label on the Jobs page."""
        return _l("Import of %(kind)s", kind=self.label)

    def fields(self):
        """The ImportFields a column may be mapped to."""
        raise NotImplementedError

    def schema(self):
        """The marshmallow Schema (an instance) that validates a row's {field: text} as the API would."""
        raise NotImplementedError

    def field_labels(self):
        """{field name: label}, in the order the mapping page offers them."""
        return {field.name: field.label for field in self.fields()}

    def synonyms(self):
        """{field name: header names it is suggested for}, each as mapping.normal() writes it."""
        from crm_platform.imports.mapping import normal

        return {field.name: tuple(dict.fromkeys(normal(name) for name in (
            field.name, str(field.label), *field.synonyms))) for field in self.fields()}

    def required(self):
        """The fields a mapping must include."""
        return tuple(field.name for field in self.fields() if field.required)

    def duplicate_labels(self):
        """{duplicate rule: what it does}, for the rules this kind offers."""
        labels = {"skip": _l("Skip the row"), "update": _l("Update the existing record"),
                  "create": _l("Create another record")}
        return {rule: labels[rule] for rule in self.on_duplicate}

    def back_label(self):
        """The status page's link back to the kind's list."""
        return _l("Back to the list")

    def mapping_problem(self, missing):
        """The message when the mapping leaves out the required fields `missing` (their names)."""
        labels = self.field_labels()
        return _("Choose a column for each required field: %(names)s.",
                 names=", ".join(str(labels[name]) for name in missing))

    def reader(self, headers, mapping, user):
        """The object turning one row's cells into validated data: `is_blank(cells)` and `fields(cells)`."""
        return SchemaReader(self, headers, mapping, user)

    def load_row(self, raw, reader):
        """Validated data of a row's non-empty {field: text}; raise ValidationError with every problem.

        `reader.user` is the importing user and `reader.cache` a dict kept for
        the whole run (e.g. owners already looked up by email).
        """
        return self.schema().load(raw)

    def resolve_rows(self, plans, user):
        """Look up what a chunk's valid rows refer to, in one query per chunk rather than per row.

        E.g. the customer each row belongs to, by the core's keys or an
        external number: put it into `plan.fields`, or set `plan.error` to
        fail the row. Called before duplicates are looked for.
        """

    def keys(self, data):
        """[(key kind, key)] by which a row's data may duplicate a record, most certain first; [] finds none."""
        return []

    def existing(self, keys, user):
        """{(key kind, key): record} of the workspace's records with any of `keys` (one look-up per chunk)."""
        return {}

    def prepare(self, user, existing):
        """Anything `update_problem` needs about the chunk's matched records (the manage checks), or None."""
        return None

    def create_problem(self, plan):
        """Why the planned row may not create a record, or None."""
        return None

    def update_problem(self, plan, user, prepared):
        """Why the planned row may not update its match, or None."""
        return None

    def create(self, user, data):
        """Add (no commit) a record made of a valid row's data; returns it."""
        raise NotImplementedError

    def create_many(self, user, datas):
        """Add (no commit) the records of a chunk's rows to create, in file order; returns them in that order.

        Called before the chunk's updates. The default calls `create` for each;
        a kind that writes many records overrides it with set-based statements.
        """
        return [self.create(user, data) for data in datas]

    def update(self, user, record, data):
        """Change `record` with a row's data (no commit); returns the changes {field: [old, new]}."""
        raise NotImplementedError

    def committed(self, created, changed):
        """Called once a chunk is committed: `created` records, `changed` {record: changes}."""

    def match_links(self, user, records):
        """{record id: (text, url or None)} of the matched `records` `user` may see; the preview names only those."""
        return {}

    def match_text(self, key):
        """The preview's note for a row matching an existing record by `key` (a key kind)."""
        return _("Same %(key)s as an existing record.", key=key)


class SchemaReader:
    """Turns a row's cells into a kind's validated data, for one batch's mapping and user."""

    def __init__(self, kind, headers, mapping, user):
        self.kind = kind
        self.user = user
        self.cache = {}
        self.columns = [(index, mapping[header]) for index, header in enumerate(headers) if header in mapping]

    def is_blank(self, cells):
        """True when the mapped cells of a row are all empty (blank rows are ignored)."""
        return not any(cells[index].strip() for index, _field in self.columns)

    def fields(self, cells):
        """The row's validated data, from its non-empty mapped cells; raises ValidationError."""
        raw = {field: cells[index].strip() for index, field in self.columns if cells[index].strip()}
        data = self.kind.load_row(raw, self)
        if not isinstance(data, dict):
            raise ValidationError(_("This row could not be read."))
        return data


_CORE = {}


def register_core_kind(kind):
    """Register one of the core's own import kinds (for every app)."""
    _CORE[kind.key] = kind


def _plugin_kinds():
    """The current app's plugin import kinds, by key; none outside an app."""
    if not has_app_context():
        return {}
    return current_app.extensions.setdefault("crm_import_kinds", {})


def register_plugin_import_kind(app, plugin, kind):
    """Register plugin `plugin`'s ImportKind in `app`, with the job kind that runs its batches."""
    with app.app_context():  # the kind's shape and key were checked when the plugin loaded (modules/registry.py)
        if kind.key in _CORE or kind.key in _plugin_kinds():
            raise ValueError(f"import kind {kind.key!r} is already registered")
        kind = copy.copy(kind)  # this app's own, marked with its plugin
        kind.plugin = plugin
        from crm_platform.imports.job import run_import

        register_plugin_kind(app, plugin, JobKind(kind.job_kind(), run_import, kind.job_label(), timeout=6 * 3600,
                                                  idempotent=True))
        _plugin_kinds()[kind.key] = kind


def get_import_kind(key):
    """The ImportKind `key` (the core's, or a plugin's of the current app), or None."""
    return _CORE.get(key) or _plugin_kinds().get(key)


def import_job_kinds():
    """The names of every job kind that runs imports (for the Jobs page's links)."""
    return {kind.job_kind() for kind in (*_CORE.values(), *_plugin_kinds().values())}


def is_available(kind):
    """True when the current workspace may use `kind` (the core's, or its plugin is enabled)."""
    return kind.plugin is None or is_enabled(kind.plugin)


def available_kinds(user):
    """The kinds `user` may import in the current workspace, customers first."""
    kinds = [*_CORE.values(), *sorted(_plugin_kinds().values(), key=lambda kind: kind.key)]
    return [kind for kind in kinds if is_available(kind) and (kind.permission is None
                                                              or has_permission(user, kind.permission))]


def chosen_kind(key, user):
    """The kind `user` asked for by `key`; 422 on `kind` when unknown or its module is off, 403 without permission."""
    kind = get_import_kind(key or "customers")
    if kind is None or not is_available(kind):
        raise ValidationError({"kind": [_("There is no import of this kind in this workspace.")]})
    if kind.permission is not None and not has_permission(user, kind.permission):
        raise Forbidden(_("Your role may not import this kind of record."))
    return kind


def batch_kind(batch):
    """The ImportKind of `batch`; 409 when its module is disabled (or gone), so its import cannot go on.

    A batch not flushed yet (or a batch-like object without a kind) is a customer import, the column's default.
    """
    kind = get_import_kind(getattr(batch, "kind", None) or "customers")
    if kind is None or not is_available(kind):
        raise Conflict(_("The module that imports this kind of record is disabled for this workspace, "
                         "so this import cannot go on."))
    return kind
