"""Build hook: compile the gettext catalogues (.po -> .mo) whenever the package is built.

Everything else about the package is in setup.cfg. The .mo files are build output,
not sources (.gitignore): `pip install .`, `pip install -e .` and wheel builds all run
build_py, which runs Babel's compile_catalog first (docs/development.md, Translations).
"""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# The bundled modules keep their own catalogues, as a third-party plugin would.
PLUGIN_CATALOGUES = sorted(str(p.relative_to(Path(__file__).parent))
                           for p in Path(__file__).parent.glob("plugins/*/translations"))


class BuildPyWithCatalogues(build_py):
    """build_py that compiles the catalogues in the source tree before copying package data."""

    def run(self):
        """Compile, then build (editable installs skip the copy but still get the .mo files)."""
        self.run_command("compile_catalog")
        for directory in PLUGIN_CATALOGUES:
            command = self.reinitialize_command("compile_catalog")
            command.directory = directory
            command.ensure_finalized()
            command.run()
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogues})
