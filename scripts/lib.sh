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
        # A venv's bundled setuptools may predate bdist_wheel and PEP 660; the
        # scaffold test builds a plugin without build isolation, so it needs both.
        "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet --upgrade pip setuptools wheel
    fi
    # Reinstall only when the package metadata or a translation catalogue changed (or other
    # extras are wanted): an editable install picks up code changes by itself, but the
    # .mo files are compiled by the install (setup.py).
    local stamp
    stamp="$VENV/.installed-$extras-$(cat setup.cfg pyproject.toml setup.py platform/crm_platform/translations/*/LC_MESSAGES/*.po \
        | sha256sum | cut -c1-16)"
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

# The example third-party plugin (examples/crm-feedback), installed the way its users
# would install it: a real, non-editable pip install, redone whenever one of its files changed.
ensure_example_plugin() {
    local dir=examples/crm-feedback
    local stamp
    stamp="$VENV/.example-plugin-$(find "$dir" -type f -not -path "$dir/build/*" -not -path '*.egg-info/*' \
        -not -path '*/__pycache__/*' -not -name '*.mo' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
    if [ ! -e "$stamp" ]; then
        echo "==> pip install ./$dir"
        # setuptools packs whatever an earlier build left in build/, deleted files included.
        rm -rf "$dir/build"
        if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet "./$dir" \
                >"$VENV/pip-install-example.log" 2>&1; then
            cat "$VENV/pip-install-example.log" >&2
            return 1
        fi
        rm -rf "$dir/build" "$dir"/*.egg-info
        rm -f "$VENV"/.example-plugin-*
        touch "$stamp"
    fi
}

ensure_postgres_server() {
    # The benchmarks that start a throwaway PostgreSQL need initdb and pg_ctl.
    if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        echo "==> apt-get install postgresql"
        local sudo=()
        [ "$(id -u)" -eq 0 ] || sudo=(sudo)
        "${sudo[@]}" apt-get update -qq
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql </dev/null
    fi
}
