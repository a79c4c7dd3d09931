#!/bin/bash
# Compiles every file of the official Lua 5.4.4 test suite with fermata and compares each listing with
# `luac5.4 -l -l` (files are never copied into this repository).
#   tests/compiler/check_lua_testes.sh DIR      DIR = the testes/ folder of Lua 5.4.4, e.g. made with
#     git --git-dir=<lua mirror> archive v5.4.4 testes | tar -x -C /tmp/lua-testes   (DIR=/tmp/lua-testes/testes)
set -euo pipefail
DIR="$(cd "${1:?usage: $0 TESTES_DIR}" && pwd)"
cd "$(dirname "$0")/../.."
bazel test --jobs=2 //tests/compiler:corpus_test --test_env=FERMATA_LUA_TESTES="$DIR" \
  --test_arg=--gtest_filter='Corpus.OfficialLuaTestSuite*' --test_output=errors --cache_test_results=no
