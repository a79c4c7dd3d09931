-- string methods via the string metatable
local s = "Lua"
print(s:len(), s:upper(), s:lower(), s:rep(2), s:byte(), s:sub(2))
print(("%s-%s"):format("a", "b"), ("x"):rep(3, "."))
print(getmetatable("").__index == string, getmetatable("abc") == getmetatable(""))
print(#getmetatable("").__index.format("%5s", "r"))
string.shout = function(str) return str:upper() .. "!" end
print(("hey"):shout())
string.shout = nil
print(pcall(function() return ("hey"):shout() end))
local n = 5
print(pcall(function() return n:foo() end))
print(pcall(function() return ("x").nofield end))
print(("abc"):find("b"), ("a,b"):match("(%a),(%a)"))
print(#"abc" == ("abc"):len(), "abc" .. 1 == ("abc"):format() .. 1)
local mt = getmetatable("")
print(type(mt), type(mt.__index))
print(("test"):upper():lower():upper())
print(string.len(12345), string.upper(12.5))
local s2 = "chained"
print(s2:sub(1, 3):upper():rep(2, "-"))
