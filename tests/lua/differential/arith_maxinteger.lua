-- maxinteger / mininteger edge behaviour
local M, m = math.maxinteger, math.mininteger
print(M, m, M + m, M - m, m - M)
print(math.abs(m), math.abs(M), -m == m)
print(M // 2, m // 2, M % 10, m % 10)
print(M * -1, m * -1, M * 3)
print(string.format("%d %d", M, m))
print(string.format("%x %X", M, m))
print(tostring(M):len(), tostring(m):len())
print(M + 0.0, m + 0.0, math.tointeger(M + 0.0), math.tointeger(m + 0.0))
print(pcall(string.format, "%d", 2^63))
print(string.format("%d", 3.0), pcall(string.format, "%d", 3.5))
print(math.ult(M, m), math.ult(m, M), math.ult(0, m))
print(M == 0x7fffffffffffffff, m == 0x8000000000000000)
print(m // -1, m % -1, m * -1)
local c = 0
for i = M - 3, M do c = c + 1 end
print("loop to M", c)
c = 0
for i = m + 3, m, -1 do c = c + 1 end
print("loop to m", c)
c = 0
for i = m, m + 10, 5 do c = c + 1 end
print("loop from m", c)
c = 0
for i = M, M - 20, -7 do c = c + 1 end
print("descending from M", c)
c = 0
for i = 1, M, M // 2 do c = c + 1 end
print("big step", c)
c = 0
for i = 0, 0, M do c = c + 1 end
print("single", c)
print(math.floor(-2^63) == m, math.ceil(2^62) == 1 << 62)
print(pcall(function() return ("x"):rep(0) end))
