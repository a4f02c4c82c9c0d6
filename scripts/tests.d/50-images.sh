#!/usr/bin/env bash
# Stand-in images suite: builds every stand-in image of deploy/images on the lakehouse Docker engine (skipped when its
# inputs are unchanged: the engine's image store is kept between runs), then runs the program's own services on them
# (tests/images/standins.engine.test.ts): each becomes healthy by its own healthcheck, and the program's three
# Dockerfiles build on them. Then the deployer's engine test (tests/deploy/apply.engine.test.ts): create, no-op
# redeploy, replace keeping a volume's data, a failing job, destroy. Needs root (dockerd); fails, never skips, when
# the engine cannot start.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# The engine is stopped at the end if this suite started it and no one else's containers are on it (its image store
# stays in the data root).
bash scripts/engines/docker/engine.sh status || trap 'bash scripts/engines/docker/engine.sh stop --if-unused' EXIT
bash scripts/engines/docker/standin-images.sh
eval "$(bash scripts/engines/docker/engine.sh start)"
npx jest --selectProjects engines --runInBand -- tests/images/standins.engine.test.ts tests/deploy/apply.engine.test.ts
