"""The repository layout: `platform` stays the standard library, packaging is complete."""
import configparser
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import platform

ROOT = Path(__file__).resolve().parents[2]


def test_import_platform_is_the_standard_library():
    assert not Path(platform.__file__).resolve().is_relative_to(ROOT)
    assert Path(platform.__file__).resolve().parent == Path(sysconfig.get_paths()["stdlib"]).resolve()
    assert platform.system()
    assert not (ROOT / "platform" / "__init__.py").exists()


def _packages_on_disk():
    found = set()
    roots = [(ROOT / "platform" / "crm_platform", "crm_platform"), (ROOT / "tenants", "tenants"),
             (ROOT / "plugins", "plugins")]
    for root, name in roots:
        for init in root.rglob("__init__.py"):
            relative = init.parent.relative_to(root)
            if "__pycache__" in relative.parts:
                continue
            found.add(".".join([name, *relative.parts]))
    return found


def test_every_package_is_listed_in_setup_cfg():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = {line.strip() for line in config["options"]["packages"].splitlines() if line.strip()}
    missing = _packages_on_disk() - listed
    assert not missing, f"add these packages to setup.cfg [options] packages: {sorted(missing)}"


def test_wsgi_imports_from_the_repository_root(tmp_path):
    env = {**os.environ, "CRM_INSTANCE_PATH": str(tmp_path), "CRM_DATABASE_URL": f"sqlite:///{tmp_path}/w.sqlite"}
    code = "import wsgi, flask, platform; assert isinstance(wsgi.app, flask.Flask); print(platform.system())"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == platform.system()
