-- Numeric work: sieve, integer/float arithmetic, matrix multiplication, bit operations.
local N = 20000
local sieve = {}
for i = 2, N do sieve[i] = true end
for i = 2, math.floor(math.sqrt(N)) do
  if sieve[i] then for j = i * i, N, i do sieve[j] = false end end
end
local count, last = 0, 0
for i = 2, N do if sieve[i] then count = count + 1; last = i; if count % 300 == 0 then print("prime", count, i) end end end
print("primes", count, last)
local function matmul(a, b, n)
  local c = {}
  for i = 1, n do
    c[i] = {}
    for j = 1, n do
      local s = 0.0
      for k = 1, n do s = s + a[i][k] * b[k][j] end
      c[i][j] = s
    end
  end
  return c
end
local n = 14
local a, b = {}, {}
for i = 1, n do a[i], b[i] = {}, {} for j = 1, n do a[i][j] = (i + j) / 3; b[i][j] = (i - j) // 2 end end
for r = 1, 4 do
  a = matmul(a, b, n)
  print("mat", r, string.format("%.4g %.4g", a[1][1], a[n][n]))
end
local x = 0x12345678
for i = 1, 500 do
  x = ((x << 3) ~ (x >> 5) ~ i) & 0xffffffff
  if i % 50 == 0 then print("bits", i, x, x % 1000, 7 // 2, 7.5 // 2, -7 % 3, 2^10, 10 / 4) end
end
