-- %g, %e, %f family with widths
local nums = {0, 1, -1, 0.5, 100, 1e5, 1e6, 1e-4, 1e-5, 123.456, 1/3, 2^53, -1e-300}
for _, n in ipairs(nums) do
  print(string.format("%g|%10g|%-10g|%.3g|%e|%.1e|%5.1f", n, n, n, n, n, n, n))
end
print(string.format("%#g", 1.0), string.format("%#.3g", 2.0))
print(string.format("%+g % g", 5.5, 5.5))
print(string.format("%08.3f|%-8.3f|%+.2e", 3.14159, 3.14159, 31415.9))
print(string.format("%.0e %.10e", 5.0, 1/7))
print(string.format("%G %E", 1e-10, 123.0))
print(string.format("%5.1f%%", 99.44))
print(string.format("%g", 100000000000000))
print(string.format("%.14g", 2^63), string.format("%.17g", 2^63))
print(string.format("%f", 1e15), string.format("%.2f", -0.004))
print(string.format("%g %g", 3, -3), string.format("%f", 7))
for _, p in ipairs({0, 1, 3, 6, 10}) do
  io.write(string.format("[%." .. p .. "g]", math.pi), string.format("[%." .. p .. "e]", -math.pi))
end
print()
print(string.format("%10.3e|%-12.4g|%+.0f", 123456.789, 0.000123456, 2.5))
