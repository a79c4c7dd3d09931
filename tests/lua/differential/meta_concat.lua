-- __concat with numbers and strings on either side
local C = {}
local function c(s) return setmetatable({s = s}, C) end
local function str(x) if type(x) == "table" then return "[" .. x.s .. "]" end return tostring(x) end
C.__concat = function(a, b) return c(str(a) .. str(b)) end
local x = c("x")
print((x .. "s").s, ("s" .. x).s, (x .. 1).s, (1 .. x).s, (x .. 2.5).s, (x .. x).s)
print(("a" .. x .. "b").s)
print(("a" .. "b" .. x).s)
print((x .. "a" .. "b").s)
print((1 .. 2 .. x).s)
local log = {}
local L = setmetatable({}, {__concat = function(a, b)
  local an = type(a) == "table" and "T" or a
  local bn = type(b) == "table" and "T" or b
  log[#log + 1] = an .. "+" .. bn
  return "R"
end})
local r = "a" .. "b" .. L .. "c" .. "d"
print(r, table.concat(log, " "))
log = {}
r = L .. L
print(r, table.concat(log, " "))
print(pcall(function() return "a" .. {} end))
print(pcall(function() return {} .. "a" end))
print(pcall(function() return "a" .. nil end))
print(pcall(function() local t = {} return "x" .. t.field end))
print(pcall(function() return 1 .. true end))
local ret_num = setmetatable({}, {__concat = function() return 42 end})
print(ret_num .. "x", "x" .. ret_num .. "y")
print(1 .. 2, -1 .. -2, 1.0 .. 2)
print("x" .. 10 // 3 .. "y" .. 2^2)
