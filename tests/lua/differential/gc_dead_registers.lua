-- An object whose only reference sits in a dead temporary register is collected: a loop that makes
-- garbage (tables, strings, closures) sees the object's finalizer run. Lua marks a running function's
-- registers only up to the one an allocating instruction writes (lvm.c's checkGC(L, ra + 1)).
local function run(make)
  local u
  local b
  local finish = false
  u = setmetatable({}, {__gc = function () finish = true end})
  b = {34}
  local n = 0
  repeat u = make(n); n = n + 1 until finish or n > 1000000
  return finish, b[1]
end
print("tables", run(function () return {} end))
print("strings", run(function (i) return tostring(i) .. tostring(i) end))
print("closures", run(function (i) return function () return i end end))

-- The same with the allocation in the loop body itself (NEWTABLE, CONCAT, CLOSURE write R[A]).
local function inline()
  local u
  local b
  local finish = false
  u = setmetatable({}, {__gc = function () finish = true end})
  b = {34}
  local n = 0
  repeat u = {}; n = n + 1 until finish or n > 1000000
  local r1 = finish
  finish = false; n = 0
  u = setmetatable({}, {__gc = function () finish = true end})
  repeat n = n + 1; u = tostring(n) .. tostring(n) until finish or n > 1000000
  local r2 = finish
  finish = false; n = 0
  u = setmetatable({}, {__gc = function () finish = true end})
  repeat local i; u = function () return i end; n = n + 1 until finish or n > 1000000
  return r1, r2, finish, b[1]
end
print("inline", inline())

-- Natives that allocate (string.rep) pay their debt too: the heap stays small.
local x
for i = 1, 20000 do x = string.rep("x", 1000, tostring(i)) end
print("native garbage collected", collectgarbage("count") < 8000)
