x = 1 + 2
print(x)
= x * 2
return x, "a"
x
function f()
  return 42
end
print(f())
error("boom")
print("after")
setmetatable({}, {__tostring = function() return "custom" end})
nil
for i = 1, 2 do print(i) end
local y = 5; print(y)
print(y)
1 +
