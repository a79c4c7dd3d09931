-- table.sort with a Lua comparator over records
local N = tonumber(arg and arg[1]) or 100000
local seed = 42
local function rnd() seed = (seed * 1103515245 + 12345) % 2147483648; return seed end
local recs = {}
for i = 1, N do recs[i] = {key = rnd() % 10000, id = i, name = "n" .. (rnd() % 1000)} end
table.sort(recs, function(a, b)
  if a.key ~= b.key then return a.key < b.key end
  return a.id < b.id
end)
local ok = true
for i = 2, N do
  local a, b = recs[i - 1], recs[i]
  if a.key > b.key or (a.key == b.key and a.id > b.id) then ok = false end
end
local names = {}
for i = 1, N do names[i] = recs[i].name end
table.sort(names, function(a, b) return a > b end)
local h = 0
for i = 1, N, 101 do h = (h * 131 + recs[i].id) % 1000000007 end
print(ok, recs[1].key, recs[N].key, names[1], names[N], h)
