#!/usr/bin/env bash
# Makes the pinned Temporal CLI available and prints its path on stdout.
# Built from the Go module proxy (no prebuilt download exists on this network) and cached
# outside the clone, keyed by version, so a fresh clone on the same machine reuses it.
set -euo pipefail
source "$(dirname "$0")/lib/go-build.sh"

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-1.8.2}"
BIN_DIR="$TEMPORAL_CACHE_ROOT/temporal-cli/v$TEMPORAL_CLI_VERSION"
BIN="$BIN_DIR/temporal"

log() { echo "[temporal-cli] $*" >&2; }

if [[ -x "$BIN" ]] && "$BIN" --version 2>/dev/null | grep -q "$TEMPORAL_CLI_VERSION"; then
  echo "$BIN"
  exit 0
fi

require_go "the Temporal CLI v$TEMPORAL_CLI_VERSION" "$BIN_DIR (named temporal)"
log "building Temporal CLI v$TEMPORAL_CLI_VERSION with $(go version | cut -d' ' -f3) (first time only; several minutes on 2 cores)"
enter_build_module temporal-cli-build "$TEMPORAL_CLI_VERSION"
mkdir -p "$BIN_DIR"
go build -trimpath \
  -ldflags "-s -w -X github.com/temporalio/cli/internal/temporalcli.Version=$TEMPORAL_CLI_VERSION" \
  -o "$BIN.tmp" github.com/temporalio/cli/cmd/temporal >&2
mv "$BIN.tmp" "$BIN"
log "built in $(( $(date +%s) - BUILD_STARTED ))s: $("$BIN" --version)"
echo "$BIN"
