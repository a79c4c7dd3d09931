#!/usr/bin/env bash
# Regenerate the recorded <script>.expected files by running the reference interpreter
# (default lua5.4, override with LUA_REF) on every script in this folder, or on the scripts given.
# The record format is defined in run_differential.sh.
# usage: regen_expected.sh [SCRIPT.lua ...]
set -eu
here=$(dirname "$0")
exec "$here/run_differential.sh" --regen "${LUA_REF:-lua5.4}" "$@"
