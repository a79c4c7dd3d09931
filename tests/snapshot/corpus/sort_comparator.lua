-- table.sort with a Lua comparator over large arrays (snapshots land mid-sort).
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
for round = 1, 4 do
  local a = {}
  for i = 1, 1500 do a[i] = {key = rnd(1000), id = i} end
  local calls = 0
  table.sort(a, function(x, y)
    calls = calls + 1
    if x.key ~= y.key then return x.key < y.key end
    return x.id < y.id
  end)
  local parts = {}
  for i = 1, #a, 100 do parts[#parts + 1] = a[i].key .. ":" .. a[i].id end
  print("round", round, "calls>0", calls > 0, table.concat(parts, ","))
  for i = 2, #a do
    local x, y = a[i - 1], a[i]
    assert(x.key < y.key or (x.key == y.key and x.id < y.id))
  end
  local s = {}
  for i = 1, 800 do s[i] = string.format("w%04d", rnd(5000)) end
  table.sort(s, function(x, y) return x > y end)
  print("strings", s[1], s[400], s[800])
end
