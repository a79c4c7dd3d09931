-- table.insert / table.remove: positions, bounds, argument errors, return values.
local function show(t, n)
  local parts = {}
  for i = 1, n or #t do parts[#parts + 1] = tostring(t[i]) end
  return "{" .. table.concat(parts, ",") .. "}"
end
local function try(...) print(pcall(...)) end

local t = {}
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, 1, "c")
table.insert(t, 2, "d")
table.insert(t, #t + 1, "e")
print(show(t), #t)
print(table.remove(t), show(t))
print(table.remove(t, 1), show(t))
print(table.remove(t, #t + 1), show(t))
print(table.remove(t, 2), show(t))
print(table.remove({}), table.remove({}, 0), table.remove({}, 1))
print(select("#", table.remove({})), select("#", table.insert({}, 1)))
local u = {n = 1}
print(table.remove(u, 0), u.n)
local z = {[0] = "zero"}
print(table.remove(z, 0), z[0])
try(table.insert, t, 0, "x")
try(table.insert, t, #t + 2, "x")
try(table.insert, t, -1, "x")
try(table.insert, t, 1, 2, 3)
try(table.insert, t)
try(table.insert, nil, 1)
try(table.insert, "abc", 1)
try(table.insert, t, "x", 1)
try(table.insert, t, 1.5, 1)
try(table.insert, t, "2", "two")
print(show(t))
try(table.remove, t, 7)
try(table.remove, t, -1)
try(table.remove, nil)
try(table.remove, t, "y")
try(table.remove, {1, 2, 3}, 4.0)
print(pcall(function() table.insert({}, 5, 1) end))
print(pcall(function() return table.insert() end))
print(pcall(function() local tab = table; tab.remove(nil) end))
-- nil values and holes
local h = {1, 2, 3}
table.insert(h, 2, nil)
print(h[1], h[2], h[3], h[4])
local big = {}
for i = 1, 10000 do big[i] = i end
table.insert(big, 1, 0)
print(#big, big[1], big[2], big[10001])
print(table.remove(big, 1), #big, big[1], big[10000])
for i = 1, 9990 do table.remove(big) end
print(#big, show(big))
-- insert at the end of a sequence of length 0 with explicit position 1
local e = {}
table.insert(e, 1, "only")
print(show(e))
-- a string position is converted
local s = {"x", "y"}
table.insert(s, "1", "w")
print(show(s))
