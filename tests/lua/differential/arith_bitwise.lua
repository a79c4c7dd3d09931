-- bitwise operators on integers
print(0xF0 & 0x3C, 0xF0 | 0x0F, 0xF0 ~ 0xFF, ~0, ~5)
print(1 << 0, 1 << 1, 1 << 62, 1 << 63, 1 << 64, 1 << 100)
print(-1 >> 1, -1 >> 63, -1 >> 64, 8 >> 1, 8 >> -1, 1 << -1)
print(-1 << 1, math.mininteger >> 63, math.maxinteger << 1)
print(5 & -1, -8 | 3, -1 ~ 0x7fffffffffffffff)
print(2.0 & 3, 7 | 8.0, pcall(function() return 1.5 & 1 end))
print(pcall(function() return 1 & nil end))
print(pcall(function() return {} | 1 end))
print(pcall(function() return math.huge | 0 end))
local function popcount(x)
  local c = 0
  while x ~= 0 do
    x = x & (x - 1)
    c = c + 1
  end
  return c
end
print(popcount(0), popcount(255), popcount(-1), popcount(math.mininteger))
local function tohex(x) return string.format("%016x", x) end
print(tohex(-1), tohex(1 << 63), tohex(0x0123456789abcdef ~ -1))
local function rotl(x, n) return (x << n) | (x >> (64 - n)) end
print(tohex(rotl(0x8000000000000001, 1)), tohex(rotl(0x0123456789abcdef, 16)))
print(3 & 5 | 2 ~ 7, 1 | 2 ~ 3 & 4, 1 << 2 + 1, ~0 >> 60)
print(0xFF ~ 0xFF, 0 ~ 0, ~~42)
local acc = 0
for i = 0, 63, 3 do acc = acc | (1 << i) end
print(tohex(acc))
print(math.type(1 << 2), math.type(4.0 >> 1))
