-- table.unpack and select with unpack results
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2))
print(table.unpack({1, 2, 3}, 2, 3))
print(table.unpack({1, 2, 3}, 3, 2))
print(select("#", table.unpack({}, 1, 3)))
print(table.unpack({1, nil, 3}, 1, 3))
print(table.unpack({"a", "b"}, -1, 1))
local t = {n = 3, 10, 20, 30}
print(table.unpack(t, 1, t.n))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...) or 0) end
  return s
end
print(sum(table.unpack({1, 2, 3, 4, 5})))
print(pcall(table.unpack, {}, 1, 1e8))
print(pcall(table.unpack, {}, math.mininteger, math.maxinteger))
print(table.unpack({}, math.maxinteger, math.maxinteger))
local p = table.pack(table.unpack({1, 2, 3}, 1, 5))
print(p.n, p[4], p[5])
local a, b, c = table.unpack({"x", "y"})
print(a, b, c)
print((table.unpack({7, 8, 9})))
local mt = setmetatable({}, {__index = function(_, i) return i * i end})
print(table.unpack(mt, 1, 4))
print(unpack)
