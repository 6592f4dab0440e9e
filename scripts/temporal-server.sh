#!/usr/bin/env bash
# Makes the production Temporal engine available: the server and its SQL tool (v1.31.2, the server
# the pinned CLI embeds and docker-compose runs), their PostgreSQL schema, and the Web UI server
# (v2.50.1, the UI the CLI embeds). Prints KEY=path lines on stdout for scripts/lib/temporal-engine.
# Built once from the Go module proxy like scripts/temporal-cli.sh and cached outside the clone by version.
set -euo pipefail
source "$(dirname "$0")/lib/go-build.sh"

TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-1.31.2}"
TEMPORAL_UI_SERVER_VERSION="${TEMPORAL_UI_SERVER_VERSION:-2.50.1}"
# The CLI whose dependency versions the build reuses (its module graph is warm in the Go caches).
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-1.8.2}"
SERVER_DIR="$TEMPORAL_CACHE_ROOT/temporal-server/v$TEMPORAL_SERVER_VERSION"
UI_DIR="$TEMPORAL_CACHE_ROOT/temporal-ui-server/v$TEMPORAL_UI_SERVER_VERSION"

log() { echo "[temporal-server] $*" >&2; }

print_paths() {
  echo "TEMPORAL_SERVER_BIN=$SERVER_DIR/temporal-server"
  echo "TEMPORAL_SQL_TOOL_BIN=$SERVER_DIR/temporal-sql-tool"
  echo "TEMPORAL_SCHEMA_DIR=$SERVER_DIR/schema/postgresql/v12"
  echo "TEMPORAL_UI_SERVER_BIN=$UI_DIR/temporal-ui-server"
}

# A stamp written last: a build interrupted half-way is redone, a finished one never is.
if [[ -f "$SERVER_DIR/.built" && -f "$UI_DIR/.built" ]]; then
  print_paths
  exit 0
fi

require_go "the Temporal server v$TEMPORAL_SERVER_VERSION" "$SERVER_DIR and $UI_DIR"
log "building temporal-server and temporal-sql-tool v$TEMPORAL_SERVER_VERSION and the UI server v$TEMPORAL_UI_SERVER_VERSION (first time only; minutes on 2 cores)"
enter_build_module temporal-server-build "$TEMPORAL_CLI_VERSION"
# Package-level gets: a bare module get leaves go.sum without the packages' own dependencies.
go get "go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION" \
  "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION" \
  "github.com/temporalio/ui-server/v2/cmd/server@v$TEMPORAL_UI_SERVER_VERSION" >&2
mkdir -p "$SERVER_DIR" "$UI_DIR"
go build -trimpath -ldflags "-s -w" -o "$SERVER_DIR/temporal-server.tmp" go.temporal.io/server/cmd/server >&2
go build -trimpath -ldflags "-s -w" -o "$SERVER_DIR/temporal-sql-tool.tmp" go.temporal.io/server/cmd/tools/sql >&2
go build -trimpath -ldflags "-s -w" -o "$UI_DIR/temporal-ui-server.tmp" github.com/temporalio/ui-server/v2/cmd/server >&2
# The versioned schema ships inside the server module; keep a copy next to the binaries that apply it.
module_dir=$(go list -m -f '{{.Dir}}' go.temporal.io/server)
rm -rf "$SERVER_DIR/schema"
mkdir -p "$SERVER_DIR/schema"
cp -R "$module_dir/schema/postgresql" "$SERVER_DIR/schema/"
chmod -R u+w "$SERVER_DIR/schema"
mv "$SERVER_DIR/temporal-server.tmp" "$SERVER_DIR/temporal-server"
mv "$SERVER_DIR/temporal-sql-tool.tmp" "$SERVER_DIR/temporal-sql-tool"
mv "$UI_DIR/temporal-ui-server.tmp" "$UI_DIR/temporal-ui-server"
echo "$TEMPORAL_SERVER_VERSION" >"$SERVER_DIR/.built"
echo "$TEMPORAL_UI_SERVER_VERSION" >"$UI_DIR/.built"
log "built in $(( $(date +%s) - BUILD_STARTED ))s"
print_paths
