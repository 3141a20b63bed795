#!/usr/bin/env bash
# Renders every Kubernetes overlay and validates docker-compose.yml, with the tools alone (no cluster, no Docker
# engine). Exits non-zero, saying what failed, if any overlay does not render or the compose file is invalid.
#   deploy-checks/validate.sh            # writes deploy-checks/target/rendered/<overlay>.yaml
# The Maven module's tests (./mvnw -pl deploy-checks test) render the overlays themselves and then check the
# manifests' content; this script is the quick, tool-only half of that, for CI logs and for a shell.
set -uo pipefail
cd "$(dirname "$0")/.."

fail() { printf 'validate: FAILED: %s\n' "$*" >&2; exit 1; }

if ! command -v kubectl >/dev/null 2>&1; then
  fail "kubectl is not on PATH. Install it (it carries kustomize: 'kubectl kustomize'), e.g. from your distribution or https://kubernetes.io/docs/tasks/tools/"
fi
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "validate: docker-compose is missing; installing Debian's package..."
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; fi \
    || fail "could not install docker-compose (apt-get install docker-compose)"
  command -v docker-compose >/dev/null 2>&1 || fail "docker-compose is still not on PATH after installing it"
fi

out=deploy-checks/target/rendered
mkdir -p "$out"
failures=0
for dir in k8s/overlays/*/; do
  overlay=$(basename "$dir")
  if kubectl kustomize "$dir" > "$out/$overlay.yaml" 2> "$out/$overlay.err"; then
    echo "validate: k8s/overlays/$overlay renders ($(grep -c '^kind:' "$out/$overlay.yaml") objects) -> $out/$overlay.yaml"
    rm -f "$out/$overlay.err"
  else
    echo "validate: FAILED: kubectl kustomize k8s/overlays/$overlay:" >&2
    sed 's/^/    /' "$out/$overlay.err" >&2
    failures=$((failures + 1))
  fi
done
[ -d k8s/overlays/dev ] && [ -d k8s/overlays/prod ] || { echo "validate: FAILED: k8s/overlays/dev and k8s/overlays/prod must both exist" >&2; failures=$((failures + 1)); }

# --profile makes docker-compose 1.29 read the optional services too (v1 checks every service anyway)
if docker-compose -f docker-compose.yml --profile observability config -q; then
  echo "validate: docker-compose.yml is valid ($(docker-compose --version | head -1))"
else
  echo "validate: FAILED: docker-compose -f docker-compose.yml config -q (message above)" >&2
  failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] || fail "$failures check(s) failed"
echo "validate: all deployment files render and validate"
