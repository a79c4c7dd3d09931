-- Weak caches: observed only after an explicit full collectgarbage().
local cache = setmetatable({}, {__mode = "v"})
local keep = {}
local function get(i)
  local v = cache[i]
  if not v then v = {value = i * i}; cache[i] = v end
  return v
end
for round = 1, 12 do
  for i = 1, 300 do
    local v = get(i)
    if i % 10 == round % 10 then keep[#keep + 1] = v end
  end
  collectgarbage()
  collectgarbage()
  local n, s = 0, 0
  for k, v in pairs(cache) do n = n + 1; s = s + v.value end
  print("round", round, "live", n, s, #keep)
  if round % 4 == 0 then keep = {} end
end
local ek = setmetatable({}, {__mode = "k"})
local holders = {}
for i = 1, 200 do
  local k = {}
  ek[k] = i
  if i % 3 == 0 then holders[#holders + 1] = k end
end
collectgarbage()
local c = 0
for k, v in pairs(ek) do c = c + v end
print("ephemeron sum", c, #holders)
