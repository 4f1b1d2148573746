#!/usr/bin/env bash
# .ci/run must run exactly the README's test command.
set -euo pipefail
cmd=$(grep -m1 -- '--test &&' .ci/run)
grep -qxF "$cmd" README.md || { echo "README.md lacks the test command of .ci/run: $cmd" >&2; exit 1; }
