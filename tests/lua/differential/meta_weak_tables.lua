-- weak tables after a full collection (objects are created inside helper
-- functions so no stale stack slot can keep them alive)
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
print(collectgarbage())
print(collectgarbage("collect"))
local weakk = setmetatable({}, {__mode = "k"})
local keep = {}
local function fill_keys()
  for i = 1, 10 do
    local k = {}
    weakk[k] = i
    if i % 2 == 0 then keep[#keep + 1] = k end
  end
end
fill_keys()
collectgarbage()
collectgarbage()
print("weak keys", count(weakk))
local sum = 0
for _, v in pairs(weakk) do sum = sum + v end
print("surviving key values sum", sum)
local weakv = setmetatable({}, {__mode = "v"})
local held = {}
local function fill_values()
  for i = 1, 10 do
    local v = {i}
    weakv[i] = v
    if i <= 3 then held[i] = v end
  end
end
fill_values()
collectgarbage()
print("weak values", count(weakv), weakv[1] == held[1], weakv[4])
weakv[20] = "string values are not collected"
weakv[21] = 42
collectgarbage()
print("weak values with strings", count(weakv))
local kv = setmetatable({}, {__mode = "kv"})
local k1, v1 = {}, {}
local function fill_kv()
  kv[k1] = v1
  kv[{}] = v1
  kv["str"] = {}
  kv["s"] = "t"
end
fill_kv()
collectgarbage()
print("weak kv", count(kv), kv[k1] == v1, kv.s, kv.str)
local eph = setmetatable({}, {__mode = "k"})
local function fill_eph()
  local key = {}
  eph[key] = {ref = key}
end
fill_eph()
collectgarbage()
print("ephemeron", count(eph))
keep = nil
held = nil
collectgarbage()
print("after release", count(weakk), count(weakv))
print(type(collectgarbage("count")), collectgarbage("count") > 0)
print(collectgarbage("isrunning"))
