#!/usr/bin/env bash
# Runs every test of dotkube: unit, storage contract and end-to-end (a real `dotkube server`
# process driven by /usr/bin/kubectl and the KubernetesClient package). Installs what the tests
# need when it is missing. Prints one closing line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need dotnet; then
  echo "error: the .NET 10 SDK (dotnet) is required" >&2
  exit 2
fi
if ! need kubectl; then
  echo "error: kubectl 1.32 is required at /usr/bin/kubectl for the end-to-end tests" >&2
  exit 2
fi

# The etcd datastore's tests start private etcd servers from Debian's etcd-server package.
if [ ! -x /usr/bin/etcd ]; then
  echo "== installing etcd-server (for the etcd datastore tests)"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get install -y etcd-server >/dev/null 2>&1 \
    || { $sudo_cmd apt-get update >/dev/null && $sudo_cmd apt-get install -y etcd-server >/dev/null; } \
    || { echo "error: could not install etcd-server (apt-get install -y etcd-server)" >&2; exit 2; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
config="${CONFIGURATION:-Release}"

echo "== build ($config)"
dotnet build Dotkube.slnx -c "$config" -nologo -v minimal || exit 1

echo "== format check"
dotnet format Dotkube.slnx --verify-no-changes --no-restore -v minimal || { echo "error: run 'dotnet format Dotkube.slnx'" >&2; exit 1; }

passed=0; failed=0; status=0
log=$(mktemp)
for proj in tests/*/*.csproj; do
  echo "== test $(basename "$(dirname "$proj")")"
  dotnet test "$proj" -c "$config" --no-build -nologo -v quiet --logger "console;verbosity=minimal" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  [ "$rc" -ne 0 ] && status=1
  # "Passed!  - Failed:     0, Passed:    25, Skipped:     0, Total:    25"
  p=$(grep -Eo 'Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo 'Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
done
rm -f "$log"
echo "tests: $passed passed, $failed failed"
exit $status
