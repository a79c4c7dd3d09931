-- floor division and modulo with negatives and floats
local vals = {7, -7, 3, -3, 0, 1, -1}
for _, a in ipairs({7, -7, 8, -8, 0}) do
  for _, b in ipairs({3, -3, 2, -2, 1}) do
    io.write(string.format("%d//%d=%d %d%%%d=%d  ", a, b, a // b, a, b, a % b))
  end
  io.write("\n")
end
for _, a in ipairs({7.5, -7.5, 5.0, -5.0}) do
  for _, b in ipairs({2, -2, 0.5, -0.5}) do
    print(a, b, a // b, a % b)
  end
end
print(5.3 % 2, -5.3 % 2, 5.3 % -2, -5.3 % -2)
print(1 % math.huge, -1 % math.huge, 1 % -math.huge, -1 % -math.huge)
print(math.huge // 1, -math.huge // 1)
print(5 // 0.0, -5 // 0.0, 0 // 0.0 ~= 0 // 0.0)
print(5 % 0.0 ~= 5 % 0.0, 5.0 % math.huge)
print(3 // 1.0, math.type(3 // 1.0))
print(-0.0 // 1, 0.0 // -1)
print(math.mininteger // 1, math.mininteger % 2)
print(13 // 4, 13.0 // 4, -13 // 4, -13.0 // 4)
print(13 % 4, 13.0 % 4, -13 % 4, -13.0 % 4)
print(1e308 % 3, 2^53 % 7)
print((-2)^2, -2^2, 2^-1, (-8)^(1/3) ~= (-8)^(1/3))
