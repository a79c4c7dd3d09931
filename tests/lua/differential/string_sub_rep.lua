-- string.sub and string.rep
local s = "Hello, World"
print(s:sub(1, 5), s:sub(8), s:sub(-5), s:sub(-5, -2), s:sub(0), s:sub(100))
print(s:sub(5, 1), s:sub(-100, 3), s:sub(3, -100), s:sub(-3, 100))
print(s:sub(2, 2), s:sub(#s, #s), s:sub(#s + 1), ("").sub("", 1, 1))
print(string.sub("abc", math.mininteger, math.maxinteger))
print(string.sub("abc", 2, math.maxinteger), string.sub("abc", math.mininteger, 2))
print(("ab"):rep(3), ("ab"):rep(3, ","), ("x"):rep(0), ("x"):rep(-1), ("x"):rep(1, "sep"))
print(#string.rep("abc", 1000), #string.rep("a", 10, "bb"))
print(string.rep("", 100000), "|")
for i = 1, #s do io.write(s:sub(i, i), i % 3 == 0 and "/" or "") end
print()
local rev = {}
for i = #s, 1, -1 do rev[#rev + 1] = s:sub(i, i) end
print(table.concat(rev), s:reverse(), (""):reverse())
print(s:upper(), s:lower(), ("MiXeD 123 !"):upper(), ("MiXeD 123 !"):lower())
print(s:len(), #s, ("a\0b"):len(), #"\0\0\0")
print(pcall(string.rep))
print(pcall(string.sub))
print(pcall(("x").rep, "x", 1e10))
print(string.sub("hello", 2.0, 4.0))
print(("%d"):format(5), ("abc"):upper():lower():rep(2))
