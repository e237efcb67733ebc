# shellcheck shell=bash
# A Python venv kept in step with a pinned requirements file, for scripts/mongo-local and
# scripts/fuzz/run. Sourced, never run; the caller defines `say`.
#
#   ensure_venv DIR REQUIREMENTS
#
# Installs into DIR unless it already holds exactly these requirements (a copy of the file in
# the venv records what was installed), so that a changed pin takes effect on the next run.

ensure_venv() {
    local venv=$1 requirements=$2
    local stamp=$venv/.requirements-$(basename "$(dirname "$requirements")").txt
    if [[ -x $venv/bin/python ]] && cmp -s "$requirements" "$stamp"; then
        return
    fi
    say "installing $requirements into $venv"
    [[ -x $venv/bin/python ]] || python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q -r "$requirements" >&2
    cp "$requirements" "$stamp"
}
