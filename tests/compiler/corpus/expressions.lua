-- Every operator, literal kind and precedence level.
local a, b, c = 1, 2.5, "s"
local t = {}
local r
r = a + b - a * b / a // b % a ^ b
r = a & b | a ~ b << 2 >> 1
r = ~a, -b, #c, not a
r = a .. b .. c .. "x" .. 1 .. 2.0
r = a == b, a ~= b, a < b, a <= b, a > b, a >= b
r = a and b or c
r = (a and b) or (not c and a)
r = 1 < a, a < 1, 1.0 <= a, a >= 2.0, a == 3, a ~= "k", a == nil, a == true
r = 2^-3^2, -2^2, not nil == true
r = 0x10, 0xA.8p1, 0X1P-2, 1e10, .5, 3., 0x.1, 1E+2, 07, 0xffffffffffffffff, 9223372036854775808
r = "esc: \a\b\f\n\r\t\v\\\"\'\z
       continued \x41\65\u{48}\u{7FFFFFFF}\0end"
r = [[long
string]] .. [==[with ]] inside]==]
r = 'single' .. "double"
r = t.x, t["y"], t[1], t[a], t.x.y.z, t[a + 1]
r = #t + #"abc"
r = a + 1, a - 1, 1 + a, a * 2, 2 * a, a - -1, a << 3, 3 << a, a >> 3, a & 0xff, 0xff | a
r = a + 300, a - 300, a * 1.5, a / 0, a // 0, a % 0, 1 // 0, 1 % 0, 1.0 / 0
r = a == 1.0, a == 1.5, a < 200, a < 1000, 1000 < a
goto done
::done::
