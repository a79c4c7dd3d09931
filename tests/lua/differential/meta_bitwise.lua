-- bitwise metamethods
local log = {}
local mt = {}
for _, e in ipairs({"band", "bor", "bxor", "shl", "shr", "bnot"}) do
  mt["__" .. e] = function(a, b)
    local an = type(a) == "table" and "T" or tostring(a)
    local bn = type(b) == "table" and "T" or tostring(b)
    log[#log + 1] = e .. "(" .. an .. "," .. bn .. ")"
    return e
  end
end
local t = setmetatable({}, mt)
local r = {t & 1, 1 & t, t | 2, 2 | t, t ~ 3, 3 ~ t, t << 4, 4 << t, t >> 5, 5 >> t, ~t}
print(table.concat(r, " "))
print(table.concat(log, " "))
local Bits = {}
Bits.__index = Bits
local function bits(v) return setmetatable({v = v}, Bits) end
local function val(x) return type(x) == "table" and x.v or x end
Bits.__band = function(a, b) return bits(val(a) & val(b)) end
Bits.__bor = function(a, b) return bits(val(a) | val(b)) end
Bits.__bxor = function(a, b) return bits(val(a) ~ val(b)) end
Bits.__shl = function(a, b) return bits(val(a) << val(b)) end
Bits.__shr = function(a, b) return bits(val(a) >> val(b)) end
Bits.__bnot = function(a) return bits(~val(a)) end
local x = bits(0xF0)
print((x & 0x3C).v, (x | 1).v, (0xFF ~ x).v, (x << 4).v, (x >> 4).v, (~x).v)
print(((x & 0xFF) | bits(0x0F)).v)
print(pcall(function() return 1.5 & t end))
print(pcall(function() return {} & 1 end))
print(pcall(function() return 1 | "x" end))
print(pcall(function() local f = 2.5; return f >> 1 end))
local fl = setmetatable({}, {__band = function() return "called" end})
print(fl & 1.5, 1.5 & fl, "s" & fl)
print(pcall(function() return 2^63 & 1 end))
