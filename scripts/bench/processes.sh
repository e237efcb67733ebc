# The processes of a load run on 127.0.0.1, for scripts/bench/run, scripts/soak and
# scripts/fuzz/run (sourced):
# the release build, wrk, a fresh local database, the server, and a measuring step, each
# started so that `cleanup` can stop it however the run ends.
#
# The caller sets REPO, OUT (for server logs) and MONGO_LOCAL_STATE, and defines say and fail.

SERVER_START_TIMEOUT=30
SERVER_STOP_TIMEOUT=10

uri=""
database_pid=""
server_pid=""
server_port=""
step_pid=""

# Alive and not yet a zombie (an exited child stays one until it is waited for).
alive() {
    [[ $(ps -o stat= -p "$1" 2>/dev/null) =~ ^[^Z] ]]
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ensure_wrk() {
    command -v wrk >/dev/null && return
    say "installing wrk"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
}

# Builds the given products in release mode, linked statically as a deployment should be: the
# Swift runtime's shared libraries alone cost about 4 MiB of resident memory, which takes the
# server over its 40 MiB budget.
build_release() {
    say "building in release mode"
    local product
    for product in "$@"; do
        (cd "$REPO" && swift build -c release --static-swift-stdlib --product "$product") >&2
    done
}

# Runs one measuring step in its own process group and waits for it in a way a signal
# interrupts, so that Ctrl-C or a TERM reaches cleanup at once, and cleanup can stop the step
# with whatever it started (wrk, TripPlannerBench) by the group's id.
run_step() {
    setsid "$@" &
    step_pid=$!
    wait "$step_pid"
    step_pid=""
}

stop_step() {
    [[ -n $step_pid ]] || return 0
    kill -TERM -- "-$step_pid" 2>/dev/null || true
    wait "$step_pid" 2>/dev/null || true
    step_pid=""
}

# A fresh database each time, so that no run pays for what an earlier one wrote.
start_database() {
    uri=$("$REPO/scripts/mongo-local" start | tail -n 1)
    database_pid=$(<"$MONGO_LOCAL_STATE/pid")
}

stop_database() {
    [[ -n $database_pid ]] || return 0
    "$REPO/scripts/mongo-local" stop
    database_pid=""
}

#   start_server DATABASE BCRYPT_COST LOG_FILE [EXECUTABLE]   (default: the release build)
start_server() {
    local database=$1 cost=$2 log=$3 executable=${4:-$REPO/.build/release/trip-planner} deadline
    server_port=$(free_port)
    # Its own session, so that a Ctrl-C does not stop it under a running step: cleanup does.
    HOST=127.0.0.1 PORT=$server_port MONGODB_URI=$uri DATABASE=$database BCRYPT_COST=$cost LOG_LEVEL=warning \
        setsid "$executable" </dev/null >"$log" 2>&1 &
    server_pid=$!
    deadline=$((SECONDS + SERVER_START_TIMEOUT))
    # /health answers 200 only once the database does too.
    until curl -fsS -o /dev/null "http://127.0.0.1:$server_port/health" 2>/dev/null; do
        alive "$server_pid" || fail "the server exited while starting; see $log"
        ((SECONDS < deadline)) || fail "the server was not healthy within $SERVER_START_TIMEOUT s"
        sleep 0.1
    done
    say "server (BCRYPT_COST=$cost, pid $server_pid) on 127.0.0.1:$server_port"
}

stop_server() {
    [[ -n $server_pid ]] || return 0
    local deadline=$((SECONDS + SERVER_STOP_TIMEOUT))
    kill -TERM "$server_pid" 2>/dev/null || true
    while alive "$server_pid" && ((SECONDS < deadline)); do
        sleep 0.1
    done
    if alive "$server_pid"; then
        say "the server ignored SIGTERM for $SERVER_STOP_TIMEOUT s; killing it"
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

cleanup() {
    stop_step
    stop_server
    stop_database || true
}
