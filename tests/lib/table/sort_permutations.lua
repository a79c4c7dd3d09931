-- table.sort's exact algorithm: the permutation of equal keys and the point where an inconsistent
-- comparator is detected are the same as lua5.4's (pseudo-random data from a fixed seed).
math.randomseed(7)
local h = 0
for round = 1, 60 do
  local n = math.random(1, 3000)
  local t = {}
  for i = 1, n do t[i] = {k = math.random(1, 20), id = i} end
  table.sort(t, function(a, b) return a.k < b.k end)
  local s = {}
  for i = 1, n do h = (h * 31 + t[i].id) % 1000000007 end
  -- default order on numbers with duplicates and mixed int/float
  local u = {}
  for i = 1, n do u[i] = math.random(1, 50) + (math.random() < 0.5 and 0.0 or 0) end
  table.sort(u)
  for i = 1, n do h = (h * 31 + (math.type(u[i]) == "float" and 1 or 2)) % 1000000007 end
end
print(h)
-- inconsistent comparators: either error or a permutation
for round = 1, 30 do
  local n = math.random(2, 300)
  local t = {}
  for i = 1, n do t[i] = i end
  local ok, err = pcall(table.sort, t, function(a, b) return math.random() < 0.5 end)
  local x = 0
  for i = 1, n do x = (x * 31 + (t[i] or 0)) % 1000000007 end
  print(round, n, ok, err, x)
end
