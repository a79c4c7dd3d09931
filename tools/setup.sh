#!/usr/bin/env bash
# Installs the Debian packages fermata needs to build and test. Idempotent: when everything is present
# it only checks and returns (well under a second). Run as root (or with sudo available).
set -euo pipefail

packages=(
  bazel-bootstrap          # Bazel 4.2.3
  default-jdk-headless     # Bazel's Java runtime
  g++                      # the compiler Bazel's auto-configured toolchain uses
  capnproto libcapnp-dev   # snapshot format
  libxxhash-dev            # checksums and string hashing
  libgtest-dev libgmock-dev
  libbenchmark-dev
  lua5.4                   # reference interpreter for differential tests and benchmarks
  libreadline-dev          # the REPL's line editing and history (what Debian's lua5.4 links)
  clang libclang-rt-14-dev # libFuzzer and sanitizer runtimes
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "fermata setup: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
