"""Serving processes keep start-up's objects out of the cyclic garbage collector's walks."""
import gc
import subprocess
import sys
from pathlib import Path

from crm_platform.startup import settle_for_serving

ROOT = Path(__file__).resolve().parents[2]


def test_settling_freezes_what_is_loaded_and_later_garbage_is_still_collected():
    gc.unfreeze()
    try:
        settle_for_serving()
        assert gc.get_freeze_count() > 0

        class Cycle:
            pass

        first, second = Cycle(), Cycle()
        first.other, second.other = second, first
        del first, second
        assert gc.collect() >= 2  # made after settling: the collector still finds it
    finally:
        gc.unfreeze()


def test_the_wsgi_entry_point_settles(tmp_path):
    code = "import gc, wsgi; print(gc.get_freeze_count() > 0)"
    env = {"PATH": "/usr/bin:/bin", "CRM_DATABASE_URL": f"sqlite:///{tmp_path}/crm.db",
           "CRM_INSTANCE_PATH": str(tmp_path), "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}"}
    answer = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert answer.stdout.strip().endswith("True"), answer.stderr[-2000:]
