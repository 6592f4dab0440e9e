# Idempotent install steps shared by scripts/start.sh and scripts/test.sh (sourced, not run).

log_step() { echo "[bootstrap] $*" >&2; }

# Installs npm dependencies only when node_modules is missing or was installed from another lock file.
# `npm ci`: exactly the committed lock, so every machine runs the versions CI tested.
ensure_node_modules() {
  local stamp=node_modules/.ifms-lock-hash
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$(lock_hash)" ]]; then return 0; fi
  # A symlinked node_modules is shared with other checkouts (worktrees): `npm ci` would empty the
  # target under every one of them. Install there, from its own checkout, never through the link.
  if [[ -L node_modules ]]; then
    log_step "node_modules links to $(readlink node_modules), installed from another package.json; not reinstalling through the link"
    return 0
  fi
  log_step "installing npm dependencies from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  lock_hash > "$stamp"
}

lock_hash() { sha256sum package.json package-lock.json | sha256sum | cut -d' ' -f1; }

# PostgreSQL must answer at DATABASE_URL's host; on a machine with a local cluster installed but
# stopped, start it; otherwise stop with both ways out.
ensure_postgres() {
  local host=127.0.0.1 port=5432
  if [[ -n "${DATABASE_URL:-}" ]]; then
    host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname||"127.0.0.1")' "$DATABASE_URL")
    port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||5432)' "$DATABASE_URL")
  fi
  if pg_answers "$host" "$port"; then return 0; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [[ -d /etc/postgresql ]]; then
    local version
    version=$(ls /etc/postgresql | sort -V | tail -1)
    log_step "PostgreSQL is not answering on $host:$port; starting the local cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_answers "$host" "$port" && return 0; sleep 1; done
  fi
  echo "PostgreSQL is not reachable at $host:$port." >&2
  echo "Either install and start a local PostgreSQL (trust auth or set DATABASE_URL)," >&2
  echo "or run 'docker compose up -d postgres' and set DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ifms." >&2
  exit 1
}

pg_answers() {
  node -e 'const s=require("net").connect(+process.argv[2],process.argv[1]);s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));setTimeout(()=>process.exit(1),2000)' "$1" "$2"
}

# What `npm start` and `npm test` both need first: dependencies, PostgreSQL and the Temporal CLI.
ensure_platform_prerequisites() {
  ensure_node_modules
  ensure_postgres
  TEMPORAL_CLI="$(bash scripts/temporal-cli.sh)"
  export TEMPORAL_CLI
}
