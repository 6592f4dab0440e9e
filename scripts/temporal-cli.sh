#!/usr/bin/env bash
# Makes the pinned Temporal CLI available and prints its path on stdout.
# Built from the Go module proxy (no prebuilt download exists on this network) and cached
# outside the clone, keyed by version, so a fresh clone on the same machine reuses it.
set -euo pipefail

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-1.8.2}"
# The nested cliext module at commit c579925f (the one tagged v1.8.2), as a pseudo-version: the tag
# carries a local replace for it, which is why a plain `go install …@v1.8.2` refuses (README "Temporal CLI").
TEMPORAL_CLIEXT_VERSION="${TEMPORAL_CLIEXT_VERSION:-v0.0.0-20260731000218-c579925f193f}"
CACHE_ROOT="${IFMS_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ifms-orchestrator}"
BIN_DIR="$CACHE_ROOT/temporal-cli/v$TEMPORAL_CLI_VERSION"
BIN="$BIN_DIR/temporal"

log() { echo "[temporal-cli] $*" >&2; }

if [[ -x "$BIN" ]] && "$BIN" --version 2>/dev/null | grep -q "$TEMPORAL_CLI_VERSION"; then
  echo "$BIN"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "Go is not installed, and the Temporal CLI v$TEMPORAL_CLI_VERSION is built from source with it."
  log "Install Go >= 1.26.4 (https://go.dev/doc/install), or put a temporal binary of that version at $BIN."
  exit 1
fi

log "building Temporal CLI v$TEMPORAL_CLI_VERSION with $(go version | cut -d' ' -f3) (first time only; several minutes on 2 cores)"
started=$(date +%s)
export CGO_ENABLED=0 GOFLAGS=-modcacherw GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
go mod init local/temporal-cli-build >/dev/null 2>&1
go mod edit -replace "github.com/temporalio/cli/cliext=github.com/temporalio/cli/cliext@$TEMPORAL_CLIEXT_VERSION"
go get "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION" >&2
mkdir -p "$BIN_DIR"
go build -trimpath \
  -ldflags "-s -w -X github.com/temporalio/cli/internal/temporalcli.Version=$TEMPORAL_CLI_VERSION" \
  -o "$BIN.tmp" github.com/temporalio/cli/cmd/temporal >&2
mv "$BIN.tmp" "$BIN"
log "built in $(( $(date +%s) - started ))s: $("$BIN" --version)"
echo "$BIN"
