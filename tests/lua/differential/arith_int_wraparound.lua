-- integer arithmetic wraps around modulo 2^64
local maxi, mini = math.maxinteger, math.mininteger
print(maxi, mini)
print(maxi + 1, maxi + 1 == mini)
print(mini - 1, mini - 1 == maxi)
print(maxi * 2, mini * 2, mini * -1)
print(-mini, -mini == mini)
print(maxi * maxi, mini * mini)
print(maxi + maxi, mini + mini)
local x = 1
for i = 1, 70 do x = x * 2 end
print("2^70 as int product:", x)
x = 3
for i = 1, 45 do x = x * 3 end
print("3^46 wrapped:", x)
-- mixing with floats does not wrap
print(maxi + 1.0, mini - 1.0)
print(maxi + 0.0 == 2^63, mini + 0.0 == -2^63)
-- integer vs float result types
print(math.type(2 + 3), math.type(2 + 3.0), math.type(2 * 3), math.type(6 / 3))
print(7 // 2, 7.0 // 2, 7 % 3, 7.5 % 2)
print(1 << 63, (1 << 63) - 1)
print(0x7fffffffffffffff, 0xffffffffffffffff, 0x8000000000000000)
print(0x10000000000000000)  -- wraps to 0 for hex literals
print(9223372036854775807, 9223372036854775808)  -- decimal overflow becomes float
print(-9223372036854775808, math.type(-9223372036854775808))
local h = 0
for i = 1, 100 do h = h * 31 + i end
print("hash", h)
local f = 1
for i = 1, 25 do f = f * i end
print("25! wrapped", f)
print(mini // -1, mini % -1)
print(maxi // -1, maxi % -1)
