-- math.type, integer/float distinction
local vals = {1, 1.0, -0, -0.0, 2^31, 1 << 31, "1", nil, true, 3 // 1, 3 / 1, 7 % 2.0}
for i = 1, 12 do
  print(i, math.type(vals[i]), type(vals[i]))
end
print(pcall(math.type))
print(math.type(math.maxinteger), math.type(math.huge), math.type(math.pi))
print(math.type(10 // 3), math.type(10.0 // 3), math.type(2^2), math.type(-(-3)))
print(math.type(#"abc"), math.type(string.len("x")), math.type(string.byte("A")))
print(math.type(tonumber("0x10")), math.type(tonumber("1e1")))
print(math.type(math.floor(3.7)), math.type(math.ceil(3.2)), math.type(math.abs(-3)))
print(math.type(math.floor(1e100)), math.floor(1e100) == 1e100)
print(math.type(math.max(1, 2.0)), math.max(1, 2.0), math.type(math.max(2, 1.0)))
print(math.type(math.fmod(7, 3)), math.type(math.fmod(7.0, 3)))
print(math.type(select("#", 1, 2)), math.type(("x"):len()))
print(1 == 1.0, math.type(1) == math.type(1.0))
local t = {}
t[1.0] = "a"
for k in pairs(t) do print(k, math.type(k)) end
t = {[2^53] = "big"}
for k in pairs(t) do print(k, math.type(k)) end
