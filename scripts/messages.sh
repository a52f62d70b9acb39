#!/usr/bin/env bash
# The interface's catalogues.
#   scripts/messages.sh extract   re-read every template, Python and JavaScript file into the
#                                 Korean catalogues (locale/ and each app's locale/; new strings
#                                 come in untranslated, gone ones are dropped)
#   scripts/messages.sh compile   the .mo files Django reads (git-ignored; `make run`/`make test`)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export DJANGO_DEBUG=${DJANGO_DEBUG:-1} NEWSAPP_VAR_DIR=${NEWSAPP_VAR_DIR:-$PWD/var/messages}
ignore=(--ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=node_modules --ignore=build)
case ${1:-} in
  extract)
    # Run from the root, makemessages writes each app's strings into that app's locale/ and the
    # rest (templates/, the shared packages) into locale/.
    "$PY" manage.py makemessages -l ko --no-obsolete "${ignore[@]}" --ignore='static/*' -v0
    "$PY" manage.py makemessages -d djangojs -l ko --no-obsolete "${ignore[@]}" \
      --ignore='static/js/htmx-*' --ignore='newsapp/*' --ignore='glossary/*' -v0
    ;;
  compile)
    "$PY" manage.py compilemessages -v0 "${ignore[@]}"
    ;;
  *) echo "usage: scripts/messages.sh extract|compile" >&2; exit 2 ;;
esac
