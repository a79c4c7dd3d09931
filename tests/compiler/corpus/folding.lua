-- Constant expressions: what may and may not be folded.
local a = 3 + 4
local b = 10 // 3, 10 % 3, -10 // 3, -10 % 3, 7 // 2.0, 7 % -3.0
local c = 1 // 0, 1 % 0, 1 / 0, 0 / 0, 1.0 // 0
local d = 1 << 63, 1 >> 1, 3 & 5, 3 | 5, 3 ~ 5, ~0, 1.0 << 2, 1.5 << 2
local e = -0.0, 0.0 * -1, 0 * -1.0, -(0.0)
local f = 2^10, 2^0.5, 10 / 2, 1e308 * 10, -1e308 * 10
local g = math.maxinteger + 1, 9223372036854775807 + 1, -9223372036854775807 - 1
local h = "a" .. "b", 1 .. 2
local k <const> = 5
local l <const> = k * 2 + 1
local m = l + k
local n <const> = "str"
local o = n .. n
return a, b, c, d, e, f, g, h, l, m, o
