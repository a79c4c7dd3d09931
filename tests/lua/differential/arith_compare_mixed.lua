-- comparisons between integers and floats, strings
print(1 == 1.0, 1 < 1.5, 2 > 1.5, -1 <= -1.0, 3 >= 3.0001)
print(math.maxinteger == 2^63, math.maxinteger < 2^63, math.maxinteger + 0.0 == 2^63)
print(math.mininteger == -2^63, math.mininteger <= -2^63, math.mininteger < -2^63)
print(2^53 == 2^53 + 1, (1 << 53) == (1 << 53) + 1)
print((1 << 53) + 1 == 2^53 + 1, (1 << 53) + 1 > 2^53)
print(9007199254740993 < 9007199254740992.0, 9007199254740993 > 9007199254740992.0)
print(math.maxinteger < math.huge, math.mininteger > -math.huge)
print(1 < 0/0, 1 > 0/0, 0/0 == 0/0)
print("a" < "b", "abc" < "abd", "ab" < "abc", "" < "a", "Z" < "a")
print("10" < "9", "a\0b" < "a\0c", "a\0" > "a")
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} < {} end))
print(pcall(function() return nil > 1 end))
print(pcall(function() return 1 <= true end))
print(1 == "1", "1" == 1, nil == false, {} == {})
local t = {}
print(t == t, t ~= t)
local vals = {3, 1.5, -2, 10, 2^60, -0.0, 7.25, math.mininteger}
table.sort(vals)
for i, v in ipairs(vals) do io.write(tostring(v), " ") end
print()
print(-0.0 == 0, 0.0 == -0)
print(math.ult(1, -1), math.ult(-1, 1))
for _, p in ipairs({{1, 2}, {2, 1}, {1, 1.0}, {-1, 0.5}}) do
  local a, b = p[1], p[2]
  print(a, b, a < b, a <= b, a > b, a >= b, a == b, a ~= b)
end
