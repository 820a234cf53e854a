"""A plugin's feature packages answering its hooks together (docs/plugins.md, "Feature packages").

A module of many features keeps one hooks.py per feature, each answering the
hooks for its own part with plain functions (`menu_items(user)`,
`customers_merged(kept, merged_id)`, ...); its plugin.py holds the @hookimpl
functions, each asking every feature through one FeatureHooks.
"""


class FeatureHooks:
    """The hooks.py modules of a plugin's features, asked in the order given."""

    def __init__(self, *modules):
        self.modules = modules

    def answering(self, name):
        """The features' functions called `name`, of the features that have one."""
        return [getattr(module, name) for module in self.modules if hasattr(module, name)]

    def gather(self, name, *args):
        """Every feature's answer to `name(*args)` (each a list), in one list."""
        return [item for answer in self.answering(name) for item in answer(*args)]

    def tell(self, name, *args):
        """Call every feature's `name(*args)` for an event; nothing is returned."""
        for answer in self.answering(name):
            answer(*args)
