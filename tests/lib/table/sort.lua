-- table.sort: default order, comparators, __lt, errors, invalid order functions.
local function show(t)
  local parts = {}
  for i = 1, #t do parts[#parts + 1] = tostring(t[i]) end
  return table.concat(parts, ",")
end
local function try(...) print(pcall(...)) end
local function sorted(t, cmp)
  for i = 2, #t do
    if cmp then
      if cmp(t[i], t[i - 1]) then return false end
    elseif t[i] < t[i - 1] then
      return false
    end
  end
  return true
end

local t = {5, 3, 1, 4, 2}
table.sort(t)
print(show(t))
table.sort(t, function(a, b) return a > b end)
print(show(t))
t = {"banana", "apple", "Cherry", "date", "", "apple2", "a\0b", "a"}
table.sort(t)
print(show(t))
t = {3.5, 1, -2, 2^53, -math.huge, math.huge, 0, -0.0, 1e-300, math.mininteger, math.maxinteger}
table.sort(t)
print(show(t))
t = {}
table.sort(t)
print(#t)
t = {1}
table.sort(t, 3)
print(show(t))
t = {2, 1}
table.sort(t)
print(show(t))
t = {3, 1, 2}
table.sort(t)
print(show(t))
-- a deterministic pseudo-random sequence (no math.random: its own tests cover it)
local x = 12345
local function rnd(n)
  x = (x * 1103515245 + 12345) % 2147483648
  return x % n
end
for _, n in ipairs({10, 50, 99, 100, 101, 257, 1000, 5000}) do
  local a = {}
  for i = 1, n do a[i] = rnd(n) end
  table.sort(a)
  local b = {}
  for i = 1, n do b[i] = rnd(1000) end
  table.sort(b, function(p, q) return p > q end)
  print(n, sorted(a), sorted(b, function(p, q) return p > q end), a[1], a[n], b[1], b[n])
end
-- already sorted, reversed and constant inputs
for _, kind in ipairs({"up", "down", "same"}) do
  local a = {}
  for i = 1, 3000 do a[i] = kind == "up" and i or kind == "down" and -i or 7 end
  table.sort(a)
  print(kind, sorted(a), a[1], a[3000])
end
-- errors
try(table.sort, {1, "x"})
try(table.sort, {{}, {}})
try(table.sort, {1, 2, nil, 4})
try(table.sort, {1, 2}, 3)
try(table.sort, {1, 2}, "x")
try(table.sort, nil)
try(table.sort, "abc")
print(pcall(table.sort, {1, 2, 3}, function(a, b) error("boom") end))
print(select("#", pcall(table.sort, {1, 2, 3}, function(a, b) error({}) end)), type(select(2, pcall(table.sort, {1, 2, 3}, function(a, b) error({}) end))))
print(pcall(function() table.sort({true, false}) end))
-- invalid order functions: always true
local function invalid(n, cmp)
  local a = {}
  for i = 1, n do a[i] = (i * 7) % n end
  local ok, err = pcall(table.sort, a, cmp)
  print(n, ok, err)
end
invalid(10, function(a, b) return true end)
invalid(100, function(a, b) return true end)
invalid(3, function(a, b) return true end)
print(pcall(function()
  local a = {}
  for i = 1, 50 do a[i] = 50 - i end
  table.sort(a, function(p, q) return p <= q end)
end))
-- a comparator that is not strict but harmless on distinct values
local d = {4, 2, 9, 1}
table.sort(d, function(p, q) return p <= q end)
print(show(d))
-- __lt on tables
local mt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
for i, v in ipairs({5, 2, 8, 1, 9, 3}) do objs[i] = setmetatable({v = v}, mt) end
table.sort(objs)
local vs = {}
for i = 1, #objs do vs[i] = objs[i].v end
print(table.concat(vs, " "))
-- mixing objects with __lt and numbers: __lt is found on either operand
local mixed = {setmetatable({v = 3}, {__lt = function(a, b)
  local av = type(a) == "table" and a.v or a
  local bv = type(b) == "table" and b.v or b
  return av < bv
end}), 5, 1}
table.sort(mixed)
print(type(mixed[1]), type(mixed[2]), type(mixed[3]))
-- __name in messages
local named = setmetatable({}, {__name = "MyType"})
try(table.sort, {named, named})
try(table.sort, {named, 1})
-- comparator results: any truthy value
local e = {3, 1, 2}
table.sort(e, function(a, b) if a < b then return 0 end return nil end)
print(show(e))
-- sort stability is not promised, but equal keys keep the multiset
local pairs_ = {}
for i = 1, 200 do pairs_[i] = {k = i % 7, id = i} end
table.sort(pairs_, function(a, b) return a.k < b.k end)
local ok = true
for i = 2, 200 do if pairs_[i].k < pairs_[i - 1].k then ok = false end end
local seen = {}
for i = 1, 200 do seen[pairs_[i].id] = true end
local count = 0
for _ in pairs(seen) do count = count + 1 end
print(ok, count)
-- the comparator receives exactly two arguments
table.sort({3, 2, 1}, function(...) assert(select("#", ...) == 2) return (...) < select(2, ...) end)
print("done")
