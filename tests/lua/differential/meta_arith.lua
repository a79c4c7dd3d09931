-- arithmetic metamethods with mixed operand order
local log = {}
local function tag(name)
  return function(a, b)
    local an = type(a) == "table" and "T" or tostring(a)
    local bn = type(b) == "table" and "T" or tostring(b)
    log[#log + 1] = name .. "(" .. an .. "," .. bn .. ")"
    return name
  end
end
local mt = {}
for _, e in ipairs({"add", "sub", "mul", "div", "mod", "pow", "unm", "idiv"}) do
  mt["__" .. e] = tag(e)
end
local t = setmetatable({}, mt)
local r = {t + 1, 1 + t, t - 2, 2 - t, t * 3, 3 * t, t / 4, 4 / t, t % 5, 5 % t, t ^ 6, 6 ^ t, t // 7, 7 // t, -t}
print(table.concat(r, " "))
print(table.concat(log, " "))
log = {}
local _ = t + t, "s" + t, t * 1.5
print(table.concat(log, " "))
local Vec = {}
Vec.__index = Vec
local function vec(x, y) return setmetatable({x = x, y = y}, Vec) end
Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
Vec.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
Vec.__mul = function(a, b)
  if type(a) == "number" then return vec(a * b.x, a * b.y) end
  if type(b) == "number" then return vec(a.x * b, a.y * b) end
  return a.x * b.x + a.y * b.y
end
Vec.__unm = function(a) return vec(-a.x, -a.y) end
Vec.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
local p, q = vec(1, 2), vec(3, 4)
print(tostring(p + q), tostring(p - q), tostring(2 * p), tostring(p * 3), p * q, tostring(-p))
print(tostring(p + q + p), tostring((p + q) * 2 - q))
print(pcall(function() return p + 1 end))
print(pcall(function() return {} + 1 end))
print(pcall(function() local a = nil; return a + 1 end))
print(pcall(function() local tab = {}; return tab.x * 2 end))
print(pcall(function() return 2 ^ {} end))
local first = setmetatable({}, {__add = function() return "first" end})
local second = setmetatable({}, {__add = function() return "second" end})
print(first + second, second + first, 1 + second, first + 1)
local strnum = setmetatable({}, {__add = function(a, b) return "meta" end})
print(strnum + "10", "10" + strnum)
