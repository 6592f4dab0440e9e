# Shared by the scripts that build pinned Temporal binaries from the Go module proxy (sourced, not run).
# Each build happens in a throw-away main module of its own, so only its replaces count and the
# clone never holds Temporal's code; Go's module and build caches are reused between builds.

TEMPORAL_CACHE_ROOT="${IFMS_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ifms-orchestrator}"
# The nested cliext module at commit c579925f (the one tagged CLI v1.8.2), as a pseudo-version: the tag
# carries a local replace for it, which is why a plain `go install …@v1.8.2` refuses (README "Temporal CLI").
TEMPORAL_CLIEXT_VERSION="${TEMPORAL_CLIEXT_VERSION:-v0.0.0-20260731000218-c579925f193f}"

# Stops with both ways out when there is no Go toolchain. $1 names what needs it, $2 where a prebuilt copy may go.
require_go() {
  if command -v go >/dev/null 2>&1; then return 0; fi
  echo "[$1] Go is not installed, and $1 is built from source with it." >&2
  echo "[$1] Install Go >= 1.26.4 (https://go.dev/doc/install), or put prebuilt binaries of the pinned version in $2." >&2
  exit 1
}

# Creates the throw-away module $1 in a fresh temporary directory (removed on exit), enters it and
# requires the CLI v$2: that pins every shared dependency to the versions the CLI build fetched.
# BUILD_STARTED (epoch seconds) is for the "built in" line.
enter_build_module() {
  BUILD_STARTED=$(date +%s)
  export CGO_ENABLED=0 GOFLAGS=-modcacherw GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  GO_BUILD_WORK=$(mktemp -d)
  trap 'rm -rf "$GO_BUILD_WORK"' EXIT
  cd "$GO_BUILD_WORK"
  go mod init "local/$1" >/dev/null 2>&1
  go mod edit -replace "github.com/temporalio/cli/cliext=github.com/temporalio/cli/cliext@$TEMPORAL_CLIEXT_VERSION"
  go get "github.com/temporalio/cli/cmd/temporal@v$2" >&2
}
