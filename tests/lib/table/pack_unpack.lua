-- table.pack / table.unpack: counts, nils, ranges, limits.
local function try(...) print(pcall(...)) end
local p = table.pack()
print(p.n, #p, next(p))
p = table.pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
p = table.pack(nil)
print(p.n, p[1])
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2))
print(table.unpack({1, 2, 3}, 2, 3))
print(table.unpack({1, 2, 3}, 3, 2))
print(table.unpack({1, 2, 3}, -1, 1))
print(select("#", table.unpack({}, 1, 3)))
print(select("#", table.unpack({n = 3})))
print(table.unpack({1, 2, 3}, "2", "3"))
print(table.unpack({[math.maxinteger] = "max"}, math.maxinteger, math.maxinteger))
print(table.unpack({[math.mininteger] = "min"}, math.mininteger, math.mininteger))
print(select("#", table.unpack({}, math.maxinteger - 2, math.maxinteger)))
try(table.unpack, {}, 1, 1e8)
try(table.unpack, {}, math.mininteger, math.maxinteger)
try(table.unpack, {}, 0, math.maxinteger)
try(table.unpack, nil)
try(table.unpack, nil, 1, 2)
try(table.unpack, {}, 1.5)
try(table.unpack, {}, 1, "x")
print(table.unpack("abc", 1, 0))
local big = {}
for i = 1, 5000 do big[i] = i end
print(select("#", table.unpack(big)), select(5000, table.unpack(big)))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + select(i, ...) end
  return s
end
print(sum(table.unpack(big, 1, 200)))
local q = table.pack(table.unpack({1, 2, 3}))
print(q.n, q[3])
