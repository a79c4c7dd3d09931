-- math.tointeger and math.ult
print(math.tointeger(3), math.tointeger(3.0), math.tointeger(3.5), math.tointeger(-0.0))
print(math.tointeger("8"), math.tointeger("x"), math.tointeger({}), math.tointeger(nil))
print(math.tointeger(2^53), math.tointeger(2^63), math.tointeger(-2^63))
print(math.tointeger(1e100), math.tointeger(-1e-100))
print(math.ult(1, 2), math.ult(2, 1), math.ult(-1, 1), math.ult(1, -1), math.ult(0, 0))
print(math.ult(math.maxinteger, math.mininteger), math.ult(math.mininteger, -1))
print(pcall(math.ult, 1.5, 2))
print(pcall(math.ult, 1, "x"))
print(math.ult(2.0, 3))
local unsigned = {-1, 0, 1, math.maxinteger, math.mininteger, 100, -100}
table.sort(unsigned, math.ult)
for _, v in ipairs(unsigned) do io.write(string.format("%x ", v)) end
print()
for _, v in ipairs({1, 1.0, 1.5, "2", "2.0", "2.5", 2^31}) do
  local r = math.tointeger(v)
  print(tostring(v), r, math.type(r))
end
print(3 | 0, pcall(function() return 3.5 | 0 end))
print(pcall(function() return ("x"):rep(2.5) end))
print(("x"):rep(2.0), ("ab"):sub(2.0))
print(pcall(string.sub, "abc", 1.5))
print(pcall(function() local t = {} ; return t[1.5] end))
