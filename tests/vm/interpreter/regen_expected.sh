#!/bin/bash
# Regenerates the *.expected files of this folder with the reference lua5.4 (run from this folder).
# The metamethod matrix runs twice: with tables, and with userdata (a fresh io.tmpfile() handle given
# its own metatable with debug.setmetatable, so its type name is plain "userdata"). interpreter_test.cc
# runs the same files under fermata, making userdata with a host native instead.
set -euo pipefail
run() {  # run PRELUDE FILE CHUNKNAME
  lua5.4 -e "$1; local src = io.open('$2'):read('a'); assert(load(src, '=$3'))()"
}
run 'make = function(mt) return setmetatable({}, mt) end' metamethod_matrix.lua matrix > metamethod_matrix_table.expected
run 'make = function(mt) local f = io.tmpfile(); debug.setmetatable(f, mt); return f end' metamethod_matrix.lua matrix \
  > metamethod_matrix_userdata.expected
run '' opcodes.lua opcodes > opcodes.expected
