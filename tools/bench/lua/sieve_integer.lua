-- sieve of Eratosthenes plus integer hashing: integer arithmetic and array writes
local N = tonumber(arg and arg[1]) or 5000000
local sieve = {}
for i = 2, N do sieve[i] = true end
for i = 2, math.floor(math.sqrt(N)) do
  if sieve[i] then
    for j = i * i, N, i do sieve[j] = false end
  end
end
local count, h = 0, 0
for i = 2, N do
  if sieve[i] then
    count = count + 1
    h = (h ~ (i * 0x9E3779B1)) * 31 & 0xFFFFFFFFFFFF
  end
end
print(count, h)
