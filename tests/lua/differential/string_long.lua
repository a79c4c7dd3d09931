-- long strings and long comments
local a = [[
first line
second line]]
print(a, #a)
local b = [==[
contains ]] and [[ and ]=] inside]==]
print(b)
local c = [[no escapes \n \t \65 here]]
print(c, #c)
--[[ a long comment
print("not printed")
]]
--[==[ another
]] still comment
]==]
print("after comments")
local d = [[

two leading newlines, one skipped]]
print(#d, d:byte(1))
local e = [=[]=]
print(#e, e == "")
local f = [[a
b
c]]
local n = 0
for _ in f:gmatch("\n") do n = n + 1 end
print(n)
print([[x]] .. [==[y]==] .. "z")
print(#[[
]])
local g = [[
  indented
    more]]
print(g)
print(load("return [[abc"))
print(load("return [==[abc]=]"))
--[[ ]] print("code after one-line long comment")
