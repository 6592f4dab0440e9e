#!/usr/bin/env bash
# The README's "start everything" command (`npm start`): installs what is missing, then hands over to
# the platform supervisor (Temporal dev server, migrations, worker, API, treasury simulator).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/bootstrap.sh
ensure_platform_prerequisites
exec node --import tsx scripts/platform.ts "$@"
