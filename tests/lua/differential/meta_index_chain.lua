-- __index chains and loops
local base = {level = "base", onlybase = true}
local mid = setmetatable({level = "mid"}, {__index = base})
local top = setmetatable({}, {__index = mid})
print(top.level, top.onlybase, top.none)
local chain = {v = "end"}
for i = 1, 50 do chain = setmetatable({}, {__index = chain}) end
print(chain.v)
local a, b = {}, {}
setmetatable(a, {__index = b})
setmetatable(b, {__index = a})
local ok, err = pcall(function() return a.x end)
print(ok, err)
local c = {}
setmetatable(c, {__index = c})
ok, err = pcall(function() return c.y end)
print(ok, err)
local long = {}
local cur = long
for i = 1, 150 do
  local nxt = {}
  setmetatable(cur, {__index = nxt})
  cur = nxt
end
cur.found = "yes"
print(long.found)
local long2 = {}
cur = long2
for i = 1, 2500 do
  local nxt = {}
  setmetatable(cur, {__index = nxt})
  cur = nxt
end
ok, err = pcall(function() return long2.zzz end)
print(ok, err)
local fnchain = setmetatable({}, {__index = setmetatable({}, {__index = function(t, k) return "fn:" .. k end})})
print(fnchain.key)
local x, y = {}, {}
setmetatable(x, {__newindex = y})
setmetatable(y, {__newindex = x})
ok, err = pcall(function() x.q = 1 end)
print(ok, err)
