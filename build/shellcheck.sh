#!/usr/bin/env bash
# Lints the shell scripts under build/ and tests/ with shellcheck, installing it from Debian when
# missing (idempotently, like build/setup.sh): every *.sh and every file starting with a sh or bash
# shebang (the update guard, the Debian maintainer scripts). Fails when shellcheck finds anything.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

if ! command -v shellcheck >/dev/null 2>&1; then
  log "installing Debian packages: shellcheck"
  if [ "$(id -u)" -ne 0 ]; then die "run as root to install packages (apt-get)"; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
fi

scripts=()
while IFS= read -r -d '' file; do
  first=""
  IFS= read -r first <"$file" || true
  if [[ "$file" == *.sh || "$first" =~ ^'#!'(/usr/bin/env\ |/bin/|/usr/bin/)(ba)?sh$ ]]; then
    scripts+=("$file")
  fi
done < <(find build tests \( -name bin -o -name obj -o -name node_modules \) -prune -o -type f -print0 | sort -z)

log "shellcheck $(shellcheck --version | sed -n 's/^version: //p'): ${#scripts[@]} scripts"
# Sourced helpers are followed: from the script's own directory (source-path=SCRIPTDIR), and "$REPO_ROOT/..."
# paths and the source= directives from the repository root, the working directory here.
shellcheck --external-sources --source-path=SCRIPTDIR "${scripts[@]}"
