"""Installed plugins: discovery through entry points, start-up hooks, failure isolation.

Every installed plugin is loaded and registered when the app is created. One
that fails to import, implements a hook the core does not define, or raises in
a start-up hook is recorded as broken (with the error) and unregistered; the app
and the other plugins carry on. Which plugins a tenant uses is decided per
request in crm_platform.modules.state.
"""
import logging
import traceback
from dataclasses import dataclass, field
from importlib.metadata import entry_points

import pluggy
from flask import current_app

from crm_platform import hookspecs

ENTRY_POINT_GROUP = "crm_platform.plugins"
log = logging.getLogger("crm.plugins")


@dataclass
class PluginRecord:
    """What the core knows about one installed plugin."""

    name: str
    version: str = ""
    distribution: str = ""
    plugin: object = None
    info: object = None
    error: str | None = None
    hooks: list = field(default_factory=list)
    blueprints: list = field(default_factory=list)
    settings_schema: type | None = None
    migrations_dir: str | None = None
    translations_dir: str | None = None
    cli_commands: list = field(default_factory=list)
    job_kinds: list = field(default_factory=list)
    schedules: list = field(default_factory=list)
    import_kinds: list = field(default_factory=list)

    @property
    def ok(self):
        """True when the plugin loaded and may be enabled."""
        return self.error is None

    @property
    def status(self):
        """"ok", or "broken" when it failed to load."""
        return "ok" if self.ok else "broken"

    @property
    def label(self):
        """The name people see."""
        return getattr(self.info, "label", None) or self.name

    @property
    def requires(self):
        """Names of the plugins this one needs enabled first."""
        return tuple(getattr(self.info, "requires", ()) or ())


class PluginRegistry:
    """The app's pluggy manager and a record of every plugin it tried to load."""

    def __init__(self):
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.records = {}
        self.blueprint_owners = {}  # blueprint name -> plugin name, filled in by modules.setup
        self.core_blueprints = frozenset()
        self._subsets = {}

    def load_installed(self, extra=None):
        """Load every plugin of the `crm_platform.plugins` entry-point group, then those in `extra` ({name: plugin})."""
        entries = []
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = ep.dist
            record = PluginRecord(ep.name, version=dist.version if dist else "",
                                  distribution=dist.name if dist else "")
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken plugin must not take the core down
                self.mark_broken(record, exc)
                continue
            entries.append((ep.name, plugin, record))
        self.add_all(entries + [(name, plugin, None) for name, plugin in (extra or {}).items()])

    def add(self, name, plugin, record=None):
        """Register `plugin` under `name` and run its start-up hooks; returns its record."""
        return self.add_all([(name, plugin, record)])[0]

    def add_all(self, entries):
        """Register every (name, plugin, record or None), then run their start-up hooks; returns their records.

        Every plugin is registered, and its own hookspecs (`crm_hookspecs`) added,
        before any is checked for unknown hooks: a plugin may implement a hook that a
        plugin registered after it declares.
        """
        records = [self._register(name, plugin, record) for name, plugin, record in entries]
        for record in records:
            if record.ok:
                self._start(record)
        return records

    def _register(self, name, plugin, record):
        """Register `plugin` under `name` and add the hookspecs it declares; returns its record."""
        record = record or PluginRecord(name, version=getattr(plugin, "__version__", ""))
        record.plugin = plugin
        if name in self.records:
            # Never replace the first plugin of a name: its hooks stay registered and
            # would run for every tenant with no record to gate them.
            record.name = f"{name} (duplicate {len(self.records)})"
            self.records[record.name] = record
            self.mark_broken(record, ValueError(f"another plugin is already installed as {name!r}"))
            return record
        self.records[name] = record
        try:
            self.pm.register(plugin, name=name)
            for specs in self._call(name, "crm_hookspecs"):
                self._add_plugin_hookspecs(name, specs)
        except Exception as exc:  # likewise: report it, unregister it, carry on
            self.mark_broken(record, exc)
        return record

    def _add_plugin_hookspecs(self, name, specs):
        """Add the hookspecs of plugin `name`: each named `<name>_...`, none declared before."""
        marker = f"{hookspecs.PROJECT}_spec"
        declared = [hook for hook in dir(specs) if hasattr(getattr(specs, hook, None), marker)]
        if not declared:
            raise TypeError("crm_hookspecs must return a class or module of hookspecs (marked with `hookspec`)")
        for hook in declared:
            if not hook.startswith(f"{name}_"):
                raise ValueError(f"hookspec {hook!r} must start with the plugin's name ({name}_)")
            caller = getattr(self.pm.hook, hook, None)
            if caller is not None and caller.spec is not None:
                raise ValueError(f"hookspec {hook!r} is already declared")
        self.pm.add_hookspecs(specs)

    def _start(self, record):
        """Check `record`'s hooks and run its start-up hooks; a failure makes it broken."""
        name, plugin = record.name, record.plugin
        try:
            # `@hookimpl(optionalhook=True)`: an answer to another plugin's request that may not be installed.
            unknown = [caller.name for caller in self._callers_of(plugin) if caller.spec is None
                       and not all(impl.optionalhook for impl in caller.get_hookimpls() if impl.plugin is plugin)]
            if unknown:
                raise LookupError(f"implements unknown hook(s): {', '.join(sorted(unknown))}")
            record.hooks = sorted(caller.name for caller in self._callers_of(plugin))
            record.info = self._call(name, "crm_plugin_info")
            record.settings_schema = self._call(name, "crm_settings_schema")
            record.migrations_dir = self._call(name, "crm_migrations_dir")
            record.translations_dir = self._call(name, "crm_translations_dir")
            record.blueprints = [bp for bps in self._call(name, "crm_blueprints") for bp in bps or ()]
            record.cli_commands = [c for cmds in self._call(name, "crm_cli_commands") for c in cmds or ()]
            record.job_kinds = [k for kinds in self._call(name, "crm_job_kinds") for k in kinds or ()]
            record.schedules = [s for schedules in self._call(name, "crm_schedules") for s in schedules or ()]
            record.import_kinds = [k for kinds in self._call(name, "crm_import_kinds") for k in kinds or ()]
            _check_contributions(record)
        except Exception as exc:  # likewise: report it, unregister it, carry on
            self.mark_broken(record, exc)

    def _callers_of(self, plugin):
        return self.pm.get_hookcallers(plugin) or []

    def _call(self, name, hook):
        """Call a start-up hook of plugin `name` alone."""
        others = [r.plugin for r in self.records.values() if r.name != name and r.plugin is not None
                  and self.pm.is_registered(r.plugin)]
        return self.pm.subset_hook_caller(hook, remove_plugins=others)()

    def mark_broken(self, record, exc):
        """Record why `record`'s plugin cannot be used and unregister it."""
        record.error = f"{type(exc).__name__}: {exc}"
        record.settings_schema = None  # whatever it returned is not to be trusted or called
        if record.plugin is not None and self.pm.get_name(record.plugin) == record.name:
            self.pm.unregister(record.plugin)
        log.error("plugin %s is broken and stays off: %s\n%s", record.name, record.error,
                  "".join(traceback.format_exception(exc)))

    def ok_records(self):
        """Records of the plugins that loaded, by name."""
        return [r for r in sorted(self.records.values(), key=lambda r: r.name) if r.ok]

    def declares(self, hook):
        """True when the core or a plugin that loaded declares a hookspec named `hook`."""
        caller = getattr(self.pm.hook, hook, None)
        return caller is not None and caller.spec is not None

    def hook_for(self, hook, enabled):
        """A hook caller that reaches only the plugins named in `enabled` (cached per set)."""
        key = (hook, enabled)
        caller = self._subsets.get(key)
        if caller is None:
            # Everything pluggy holds that is not enabled is left out, records or not: fail closed.
            disabled = [plugin for name, plugin in self.pm.list_name_plugin() if name not in enabled]
            caller = self.pm.subset_hook_caller(hook, remove_plugins=disabled)
            self._subsets[key] = caller
        return caller


def _check_contributions(record):
    """Refuse start-up hook results of the wrong kind, before they can break pages later."""
    from click import Command
    from flask import Blueprint
    from marshmallow import Schema

    if record.info is not None and not getattr(record.info, "label", None):
        raise TypeError("crm_plugin_info must return a PluginInfo with a label")
    requires = getattr(record.info, "requires", ())
    if isinstance(requires, str) or not all(isinstance(dep, str) for dep in requires):
        raise TypeError("PluginInfo.requires must be a tuple of plugin names")
    schema = record.settings_schema
    if schema is not None and not (isinstance(schema, type) and issubclass(schema, Schema)):
        raise TypeError("crm_settings_schema must return a marshmallow Schema class, not an instance")
    if not all(isinstance(bp, Blueprint) for bp in record.blueprints):
        raise TypeError("crm_blueprints must return a list of Flask or flask-smorest blueprints")
    if not all(isinstance(command, Command) for command in record.cli_commands):
        raise TypeError("crm_cli_commands must return a list of click commands")
    _check_jobs(record)
    _check_import_kinds(record)


def _check_import_kinds(record):
    """Refuse import kinds of the wrong shape or with a key that is not the plugin's."""
    from crm_platform.imports.kinds import ImportKind

    for kind in record.import_kinds:
        if not isinstance(kind, ImportKind):
            raise TypeError("crm_import_kinds must return a list of ImportKind objects")
        if not isinstance(kind.key, str) or not kind.key.startswith(record.name + "_") or not kind.label:
            raise ValueError(f"import kind {kind.key!r} needs a label and a key starting with {record.name + '_'!r}")


def _check_jobs(record):
    """Refuse job kinds and schedules of the wrong shape, and schedules of kinds that are not the plugin's own."""
    from crm_platform.jobs.kinds import JobKind
    from crm_platform.jobs.schedules import check_schedule

    for kind in record.job_kinds:
        if not isinstance(kind, JobKind):
            raise TypeError("crm_job_kinds must return a list of JobKind objects")
        if not isinstance(kind.name, str) or not callable(kind.handler):
            raise TypeError("a JobKind needs a name (a string) and a callable handler")
        if not isinstance(kind.timeout, int) or isinstance(kind.timeout, bool) or kind.timeout <= 0:
            raise TypeError(f"job kind {kind.name!r}: timeout must be a positive number of seconds")
    own = {kind.name for kind in record.job_kinds}
    for schedule in record.schedules:
        check_schedule(schedule)
        if schedule.kind not in own:
            # Another plugin's or the core's kind might expect a user, or be off where this plugin is on.
            raise ValueError(f"schedule {schedule.name!r} runs {schedule.kind!r}, which is not one of the plugin's "
                             "own job kinds (crm_job_kinds)")


def current_registry():
    """The PluginRegistry of the current app."""
    return current_app.extensions["crm_plugins"]
