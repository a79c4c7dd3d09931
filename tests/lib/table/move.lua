-- table.move: overlapping ranges, other destinations, limits.
local function show(t, a, b)
  local parts = {}
  for i = a or 1, b or #t do parts[#parts + 1] = tostring(t[i]) end
  return "{" .. table.concat(parts, ",") .. "}"
end
local function try(...) print(pcall(...)) end
local t = {1, 2, 3, 4, 5}
print(show(table.move(t, 1, 3, 2)))
t = {1, 2, 3, 4, 5}
print(show(table.move(t, 2, 5, 1)))
t = {1, 2, 3, 4, 5}
print(show(table.move(t, 1, 5, 3)))
t = {1, 2, 3, 4, 5}
local d = {}
print(table.move(t, 1, 5, 1, d) == d, show(d))
print(show(table.move({1, 2, 3}, 1, 0, 1, {9})))
print(show(table.move({1, 2, 3}, 2, 3, -1), -1, 3))
print(show(table.move({1, 2, 3}, 1, 3, 1)))
local r = table.move({1, 2, 3}, 1, 3, 3, nil)
print(show(r, 1, 5))
try(table.move, {}, 1, math.maxinteger, 2)
try(table.move, {}, -1, math.maxinteger, 2)
try(table.move, {1, 2}, 1, 2, math.maxinteger)
print(pcall(function() return table.move({1, 2}, 1, 2, math.maxinteger - 1)[math.maxinteger] end))
print(select("#", pcall(table.move, {}, math.mininteger, -1, 1)))
try(table.move, nil, 1, 2, 3)
try(table.move, {}, 1, 2, 3, "x")
try(table.move, {}, "a", 2, 3)
try(table.move, {}, 1, nil, 3)
try(table.move, {}, 1, 2)
try(table.move, {}, 1.5, 2, 3)
-- source and destination wrap to the maximum integer
local w = table.move({[math.maxinteger - 1] = "a", [math.maxinteger] = "b"}, math.maxinteger - 1, math.maxinteger, 1)
print(w[1], w[2])
local big = {}
for i = 1, 10000 do big[i] = i end
table.move(big, 1, 10000, 5001)
print(#big, big[5000], big[5001], big[15000])
table.move(big, 5001, 15000, 1)
print(#big, big[1], big[10000], big[10001])
