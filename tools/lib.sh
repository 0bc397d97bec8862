# Shared helpers for tools/dev and tools/test: start a background service, wait for it.
# Sourced, not run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
LOGS="$ROOT/data/logs"
mkdir -p "$LOGS"
SERVICE_PIDS=()

log() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0")" "$*"; }

# start NAME LOGFILE COMMAND...: runs COMMAND in the background, remembered for cleanup.
start() {
  local name=$1 logfile=$2; shift 2
  "$@" >"$logfile" 2>&1 &
  SERVICE_PIDS+=($!)
  log "started $name (pid $!, log ${logfile#"$ROOT"/})"
}

# wait_http URL SECONDS: until URL answers with any HTTP status.
wait_http() {
  local url=$1 deadline=$((SECONDS + ${2:-30}))
  until curl -s -o /dev/null "$url"; do
    if ((SECONDS > deadline)); then log "gave up waiting for $url"; return 1; fi
    sleep 0.3
  done
}

# port_free PORT: nothing listens on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_services() {
  for pid in "${SERVICE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "PostgreSQL is down; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
}
