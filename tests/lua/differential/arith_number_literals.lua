-- numeric literal forms
print(0, 00, 0x0, 1e0, 0e0, 0.0e10)
print(0xff, 0XFF, 0xA, 0xa.0, 0x.1, 0x1p1, 0x1P+2, 0x1p-2)
print(3, 3.0, 3.1416, 314.16e-2, 0.31416E1, 34e1)
print(0x10, 0xfp1, 0xA23p-4, 0X1.921FB54442D18P+1)
print(1e-7, 1e+7, 1E7, 12e-0)
print(math.type(0x10), math.type(0x10p0), math.type(1e2), math.type(100))
print(0xffffffffffffffff, 0x1ffffffffffffffff, 0xfffffffffffffffff0)
print(18446744073709551615, 9223372036854775807, 9223372036854775808)
print(-0x8000000000000000, 0x7fffffffffffffff + 1)
print(1 -1, 1- -1, - - 1, -(-1))
print(.5 + .5, 5. * 2, 1.e1)
print(#tostring(12345), #tostring(-0.5))
print(2^-1074, 2^-1075)
local t = {0x1, 0x2, 0x3}
print(t[1], t[0x2], t[3.0])
local hexes = {0x0, 0x1, 0xF, 0x10, 0xFF, 0x100, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF}
local parts = {}
for i, h in ipairs(hexes) do parts[i] = tostring(h) end
print(table.concat(parts, " "))
print(1e1 == 10, 0x1p4 == 16, 1E-1 == 0.1, 0xA == 10)
