# shellcheck shell=bash
# Shared by the Trip Planner API scripts (signup, signin, post-trip, list-trips, seed-trips): base URL,
# credentials, the curl call and error reporting. Sourced, never run. See scripts/README.md.
#
# A script defines `usage` (prints its help to stdout) before sourcing this; API_PROG, the name
# used in messages, defaults to the script's file name.
#
# Environment:
#   TRIP_PLANNER_URL       base URL (default http://127.0.0.1:8080)
#   TRIP_PLANNER_USER      username for HTTP Basic
#   TRIP_PLANNER_PASSWORD  password for HTTP Basic (prompted for on a terminal when unset)
#   TRIP_PLANNER_TOKEN     a session token from scripts/signin: sent as Bearer instead of
#                          the username and password, which are then not needed
#
# Credentials reach curl through a config on its stdin (`curl -K -`) and request bodies through
# a pipe or file (`--data-binary @/dev/fd/N`), never through its argv, so they stay out of `ps`.

shopt -s inherit_errexit

API_PROG=${API_PROG:-$(basename "$0")}
API_URL=${TRIP_PLANNER_URL:-http://127.0.0.1:8080}
API_USER=${TRIP_PLANNER_USER:-}
API_PASSWORD=${TRIP_PLANNER_PASSWORD:-}
API_PASSWORD_SET=${TRIP_PLANNER_PASSWORD+set}
API_TOKEN=${TRIP_PLANNER_TOKEN:-}

command -v curl >/dev/null || { echo "$API_PROG: curl is required" >&2; exit 1; }
command -v python3 >/dev/null || { echo "$API_PROG: python3 is required" >&2; exit 1; }

# Bad arguments: say why, point at --help, exit 2.
api_usage_error() {
    echo "$API_PROG: $*" >&2
    echo "Try '$API_PROG --help'." >&2
    exit 2
}

api_die() {
    echo "$API_PROG: $*" >&2
    exit 1
}

# Options every script takes. Call from the script's option loop as
#     *) api_common_option "$@" || api_usage_error "unknown argument: $1"; shift "$API_SHIFT" ;;
# Returns 1 when $1 is not a common option; otherwise sets API_SHIFT to the number of words used.
# shellcheck disable=SC2034  # API_SHIFT is read by the calling script
api_common_option() {
    API_SHIFT=1
    case "$1" in
        -h|--help) usage; exit 0 ;;
        -u|--user) [ $# -ge 2 ] || api_usage_error "$1 needs a value"; API_USER=$2; API_SHIFT=2 ;;
        --user=*) API_USER=${1#*=} ;;
        --url) [ $# -ge 2 ] || api_usage_error "$1 needs a value"; API_URL=$2; API_SHIFT=2 ;;
        --url=*) API_URL=${1#*=} ;;
        *) return 1 ;;
    esac
}

# Reads a password from the terminal without echo into API_PASSWORD. $1: prompt; $2: "confirm"
# to ask twice. Fails (exit 2) when stdin is not a terminal.
api_prompt_password() {
    [ -t 0 ] || api_usage_error "no password: set TRIP_PLANNER_PASSWORD (stdin is not a terminal, so I cannot prompt)"
    local again
    IFS= read -rs -p "$1" API_PASSWORD
    echo >&2
    if [ "${2:-}" = confirm ]; then
        IFS= read -rs -p "Repeat the password: " again
        echo >&2
        [ "$API_PASSWORD" = "$again" ] || api_usage_error "the passwords do not match"
    fi
    API_PASSWORD_SET=1
}

# Makes sure a username and a password are known: from -u/--user or TRIP_PLANNER_USER, and from
# TRIP_PLANNER_PASSWORD or a prompt. With TRIP_PLANNER_TOKEN set nothing is needed, unless $1
# is "basic".
api_require_credentials() {
    [ -z "$API_TOKEN" ] || [ "${1:-}" = basic ] || return 0
    [ -n "$API_USER" ] || api_usage_error "no username: pass --user USER or set TRIP_PLANNER_USER"
    [ -n "$API_PASSWORD_SET" ] || api_prompt_password "Password for $API_USER: "
}

# Escapes $1 for a double-quoted value in a curl config file.
api_curl_quote() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/\\n}
    s=${s//$'\r'/\\r}
    s=${s//$'\t'/\\t}
    printf '"%s"' "$s"
}

# Percent-encodes $1 for use in a query string.
api_urlencode() {
    python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}

# Prints the server's error response (status $1, body on stdin) on stderr: the code and message,
# then one line per offending field (at most 20).
api_report_error() {
    python3 -c '
import json, sys
prog, status = sys.argv[1:3]
body = sys.stdin.buffer.read().decode("utf-8", "replace")
try:
    error = json.loads(body)["error"]
    line = "HTTP %s %s: %s" % (status, error.get("code", "?"), error.get("message", "(no message)"))
    fields = error.get("fields") or []
except (ValueError, KeyError, TypeError, AttributeError):
    line = "HTTP %s" % status + (": " + body.strip()[:500] if body.strip() else "")
    fields = []
print("%s: %s" % (prog, line), file=sys.stderr)
for field in fields[:20]:
    if isinstance(field, dict):
        print("  %s: %s" % (field.get("path", "?"), field.get("message", "?")), file=sys.stderr)
if len(fields) > 20:
    print("  ... and %d more" % (len(fields) - 20), file=sys.stderr)
' "$API_PROG" "$1"
}

# api_request [--no-auth | --basic] [--data JSON | --data-file FILE] METHOD PATH
#
# Authenticates with TRIP_PLANNER_TOKEN when set, else with the username and password;
# --basic insists on the password (POST /sessions takes nothing else). Sends one request to $API_URL$PATH. On a 2xx (or 304) prints the response body, if any, to
# stdout and returns 0. On any other status prints the server's error code and message to
# stderr and returns 1. Exits 1 when curl fails (server unreachable...), with curl's message.
# --data-file - reads the body from the script's original stdin.
#
# curl gets the credentials in a config on its stdin (`--config -`) and the body through a
# pipe or the file itself (`--data-binary @/dev/fd/N`), so neither shows up in its argv.
api_request() {
    local auth=1 basic='' data='' data_file='' have_data=''
    while [ $# -gt 0 ]; do
        case "$1" in
            --no-auth) auth=''; shift ;;
            --basic) basic=1; shift ;;
            --data) data=$2; have_data=1; data_file=/dev/fd/4; shift 2 ;;
            --data-file)
                data_file=$2; have_data=1; shift 2
                # `-` is the script's stdin, reached through fd 3 since curl's stdin is the config.
                if [ "$data_file" = - ]; then
                    data_file=/dev/fd/3
                elif [ ! -r "$data_file" ] || [ -d "$data_file" ]; then
                    api_usage_error "cannot read $data_file"
                fi
                ;;
            *) break ;;
        esac
    done
    local method=$1 path=$2
    local config=''
    if [ -n "$auth" ] && [ -n "$API_TOKEN" ] && [ -z "$basic" ]; then
        config+="header = $(api_curl_quote "Authorization: Bearer $API_TOKEN")"$'\n'
    elif [ -n "$auth" ]; then
        api_require_credentials basic
        config+="user = $(api_curl_quote "$API_USER:$API_PASSWORD")"$'\n'
    fi
    local -a args=(--disable --silent --show-error --globoff --connect-timeout 10
        --request "$method" --header "Accept: application/json"
        --write-out '\n%{http_code}' --config -)
    if [ -n "$have_data" ]; then
        args+=(--header "Content-Type: application/json" --data-binary "@$data_file")
    fi

    local output status rc=0
    output=$({ printf '%s' "$config" | curl "${args[@]}" -- "${API_URL%/}$path"; } \
        3<&0 4< <(printf '%s' "$data")) || rc=$?
    [ "$rc" -eq 0 ] || api_die "no response from ${API_URL%/} (curl exit $rc; see above)"
    status=${output##*$'\n'}
    output=${output%$'\n'*}
    case "$status" in
        2??|304)
            [ -z "$output" ] || printf '%s\n' "$output"
            ;;
        *)
            api_report_error "$status" <<<"$output"
            return 1
            ;;
    esac
}
