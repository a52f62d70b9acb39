#!/usr/bin/env bash
# Install the Debian packages the app (run) or the test suite (test) needs, when missing.
set -euo pipefail
mode=${1:-run}
packages=(redis-server apertium apertium-eng-spa gettext)
if [[ $mode == test ]]; then
  # Browser tests; the PostgreSQL pass; the several-hosts test (ip netns).
  packages+=(chromium fonts-nanum postgresql iproute2)
  # Real English and Korean text for the benchmarks' tokenizer (newsapp/mt/argos/corpus.py).
  packages+=(wordnet-base fortunes)
fi
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${missing[*]} (install them with apt-get as root)." >&2
  [[ " ${missing[*]} " == *" redis-server "* ]] && exit 1
  exit 0
fi
echo "Installing ${missing[*]} …"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
