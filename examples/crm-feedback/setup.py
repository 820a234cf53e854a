"""Build hook: compile the plugin's gettext catalogues (.po -> .mo) whenever it is built.

Everything else about the package is in setup.cfg, whose [compile_catalog] section says
where the catalogues are. Copy this file into any plugin that ships translations
(docs/plugins.md, Translations): `pip install .` and `pip install -e .` then compile them.
"""
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogues(build_py):
    """build_py that compiles the catalogues in the source tree before copying package data."""

    def run(self):
        """Compile, then build (editable installs skip the copy but still get the .mo files)."""
        self.run_command("compile_catalog")
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogues})
