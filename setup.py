"""Build hook: compile the gettext catalogues (.po -> .mo) whenever the package is built.

Everything else about the package is in setup.cfg. The .mo files are build output,
not sources (.gitignore): `pip install .`, `pip install -e .` and wheel builds all run
build_py, which runs Babel's compile_catalog first (docs/development.md, Translations).
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
