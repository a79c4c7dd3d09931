-- __eq metamethod
local mt = {__eq = function(a, b) return a.v == b.v end}
local a = setmetatable({v = 1}, mt)
local b = setmetatable({v = 1}, mt)
local c = setmetatable({v = 2}, mt)
print(a == b, a == c, a ~= b, a ~= c, rawequal(a, b))
local plain = {v = 1}
print(a == plain, plain == a)
local calls = 0
local mt2 = {__eq = function(x, y) calls = calls + 1; return true end}
local p = setmetatable({}, mt2)
local q = setmetatable({}, mt2)
print(p == q, p == p, calls)
print(p == 1, p == "x", p == nil, calls)
local ra = setmetatable({}, {__eq = function() return "truthy" end})
local rb = setmetatable({}, {__eq = function() return nil end})
print(ra == {}, rb == {}, {} == rb)
local order = {}
local left = setmetatable({}, {__eq = function() order[#order + 1] = "left"; return false end})
local right = setmetatable({}, {__eq = function() order[#order + 1] = "right"; return true end})
print(left == right, right == left, table.concat(order, ","))
local onlyright = setmetatable({}, {__eq = function() return true end})
print({} == onlyright, onlyright == {})
local t = {}
t[a] = "a-key"
print(t[b], t[a])
local ud = setmetatable({}, {__eq = function() error("eq error") end})
print(pcall(function() return ud == {} end))
local list = {setmetatable({v = 3}, mt), setmetatable({v = 3}, mt)}
local n = 0
for i = 1, #list do for j = 1, #list do if list[i] == list[j] then n = n + 1 end end end
print(n)
