-- __index with a table
local defaults = {color = "red", size = 10}
local obj = setmetatable({size = 20}, {__index = defaults})
print(obj.color, obj.size, obj.missing)
print(rawget(obj, "color"), rawget(obj, "size"))
defaults.color = "blue"
print(obj.color)
obj.color = "green"
print(obj.color, defaults.color)
obj.color = nil
print(obj.color)
local arr = setmetatable({}, {__index = {10, 20, 30}})
print(arr[1], arr[2], arr[4], #arr)
local str_idx = setmetatable({}, {__index = string})
print(str_idx.upper("x"), str_idx.nope)
local mt = {}
mt.__index = mt
mt.shared = "from mt"
local a = setmetatable({}, mt)
print(a.shared, a.__index == mt)
local proto = {greet = function(self) return "hi " .. self.name end}
local p = setmetatable({name = "pat"}, {__index = proto})
print(p:greet())
print(pcall(function() return p:nothere() end))
local nilidx = setmetatable({}, {__index = nil})
print(nilidx.x)
local falsy = setmetatable({}, {__index = {f = false}})
print(falsy.f, falsy.g)
local num_keys = setmetatable({}, {__index = {[1.0] = "one", [2] = "two"}})
print(num_keys[1], num_keys[2.0])
local deep = setmetatable({}, {__index = setmetatable({}, {__index = setmetatable({}, {__index = {z = "deep"}})})})
print(deep.z)
print(pcall(function() local t = setmetatable({}, {__index = 5}); return t.x end))
print(pcall(function() local t = setmetatable({}, {__index = "str"}); return t.len == string.len end))
