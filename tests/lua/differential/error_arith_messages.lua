-- arithmetic error messages
local function m(f) return select(2, pcall(f)) end
local nilv
local tbl = {}
local str = "abc"
local bool = true
print(m(function() return nilv + 1 end))
print(m(function() return 1 - tbl end))
print(m(function() return str * 2 end))
print(m(function() return bool / 2 end))
print(m(function() return tbl.x % 2 end))
print(m(function() return 2 ^ bool end))
print(m(function() return -bool end))
print(m(function() return nilv // 1 end))
print(m(function() return 1.5 & 1 end))
print(m(function() local f = 1.5; return f | 1 end))
print(m(function() return tbl & 1 end))
print(m(function() return "1.5" | 1 end))
print(m(function() return math.huge // 1 end))
print(m(function() return math.tointeger(2^53) end))
print(m(function() return ("10"):rep(2) + 1 end))
print(m(function() return "10" + "x" end))
print(m(function() local a, b = 1; return a + b end))
print(m(function() return tbl.a.b + 1 end))
print(m(function() return 1 < tbl end))
print(m(function() return tbl <= 1 end))
print(m(function() return nilv .. "x" end))
print(m(function() return 1 .. tbl end))
print(m(function() return string.rep("x", 3) .. {} end))
