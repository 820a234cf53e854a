# Shared by scripts/run and scripts/test: the project's virtualenv, created and kept in step.
# Usage: ensure_venv [extras]   (e.g. ensure_venv test)

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

ensure_venv() {
    local extras=${1:-}
    local spec="."
    [ -n "$extras" ] && spec=".[$extras]"
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> Creating $VENV with $("$PYTHON" --version)"
        "$PYTHON" -m venv "$VENV"
    fi
    # Reinstall only when the package metadata changed (or other extras are wanted):
    # an editable install picks up code changes by itself.
    local stamp
    stamp="$VENV/.installed-$extras-$(cat setup.cfg pyproject.toml | sha256sum | cut -c1-16)"
    if [ ! -e "$stamp" ]; then
        echo "==> pip install -e '$spec'"
        # setuptools' warnings about data folders are noise; the log is shown on failure.
        if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -e "$spec" >"$VENV/pip-install.log" 2>&1; then
            cat "$VENV/pip-install.log" >&2
            return 1
        fi
        rm -f "$VENV"/.installed-"$extras"-*
        touch "$stamp"
    fi
}
