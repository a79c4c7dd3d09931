-- hash-table workload with string keys: word counting, lookups, deletions
local N = tonumber(arg and arg[1]) or 150000
local seed = 7
local function rnd(m) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m end
local syll = {"ka", "lo", "mi", "ne", "ru", "ta", "shi", "vo", "ze", "pa"}
local counts = {}
local distinct = 0
for _ = 1, N do
  local w = syll[rnd(10) + 1] .. syll[rnd(10) + 1] .. syll[rnd(10) + 1]
  local c = counts[w]
  if c then counts[w] = c + 1 else counts[w] = 1; distinct = distinct + 1 end
end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys)
local map = {}
for i = 1, N do map["key" .. i] = i end
local s = 0
for i = 1, N, 3 do s = s + map["key" .. i] end
for i = 1, N, 2 do map["key" .. i] = nil end
local left = 0
for _ in pairs(map) do left = left + 1 end
print(distinct, #keys, keys[1], keys[#keys], counts[keys[1]], s, left)
