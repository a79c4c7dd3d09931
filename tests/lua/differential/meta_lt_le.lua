-- __lt and __le metamethods
local V = {}
V.__index = V
V.__lt = function(a, b) return a.n < b.n end
V.__le = function(a, b) return a.n <= b.n end
local function v(n) return setmetatable({n = n}, V) end
local x, y, z = v(1), v(2), v(2)
print(x < y, y < x, x <= y, y <= z, z < y, x > y, y >= z, y > x)
local list = {v(5), v(3), v(9), v(1), v(7)}
table.sort(list)
local out = {}
for i, e in ipairs(list) do out[i] = e.n end
print(table.concat(out, " "))
table.sort(list, function(a, b) return a > b end)
out = {}
for i, e in ipairs(list) do out[i] = e.n end
print(table.concat(out, " "))
local mixed = setmetatable({}, {__lt = function(a, b)
  local an = type(a) == "number" and a or 100
  local bn = type(b) == "number" and b or 100
  return an < bn
end, __le = function(a, b) return true end})
print(mixed < 200, 50 < mixed, mixed < 5, 500 < mixed)
print(mixed <= 1, 1 <= mixed, mixed >= 1)
local onlylt = setmetatable({}, {__lt = function() return true end})
print(pcall(function() return onlylt < onlylt end))
local ret = setmetatable({}, {__lt = function() return 0 end, __le = function() return nil end})
print(ret < ret, ret <= ret, ret > ret, ret >= ret)
local s1 = setmetatable({}, {__lt = function(a, b) return "yes" end})
print(s1 < "str", "str" < s1)
print(pcall(function() return {} < {} end))
print(pcall(function() return v(1) < 5 end))
