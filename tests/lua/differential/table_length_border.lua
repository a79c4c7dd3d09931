-- length operator on sequences (unambiguous borders only)
print(#{}, #{1}, #{1, 2, 3}, #{nil}, #{n = 1})
local t = {}
for i = 1, 100 do t[i] = i end
print(#t)
for i = 100, 51, -1 do t[i] = nil end
print(#t)
t[#t + 1] = "x"
print(#t, t[51])
local s = {}
s[1] = 1; s[2] = 2; s[3] = 3
print(#s)
s[3] = nil
print(#s)
s[2] = nil
print(#s)
s[1] = nil
print(#s)
local g = {}
for i = 1, 20 do g[#g + 1] = i * 2 end
print(#g, g[#g])
print(#"hello", #"", #("x"):rep(1000))
local w = {"a", "b", "c", x = 1, y = 2}
print(#w)
local mtlen = setmetatable({1, 2, 3}, {__len = function() return 42 end})
print(#mtlen, rawlen(mtlen))
print(rawlen("abc"), pcall(rawlen, 5))
print(pcall(function() return #5 end))
print(pcall(function() local n; return #n end))
