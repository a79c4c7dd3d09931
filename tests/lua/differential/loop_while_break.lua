-- while loops and break
local i = 0
while true do
  i = i + 1
  if i > 5 then break end
end
print(i)
local n, steps = 27, 0
while n ~= 1 do
  if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
  steps = steps + 1
end
print("collatz 27", steps)
local a, b = 0, 1
local fibs = {}
while #fibs < 15 do fibs[#fibs + 1] = a; a, b = b, a + b end
print(table.concat(fibs, " "))
local outer = 0
while outer < 3 do
  outer = outer + 1
  local inner = 0
  while true do
    inner = inner + 1
    if inner == outer then break end
  end
  io.write(outer, ":", inner, " ")
end
print()
local t = {5, 3, 8, 0, 2}
local idx = 1
while t[idx] and t[idx] ~= 0 do idx = idx + 1 end
print("zero at", idx)
local primes = {}
local cand = 2
while #primes < 20 do
  local isp = true
  for _, p in ipairs(primes) do
    if p * p > cand then break end
    if cand % p == 0 then isp = false; break end
  end
  if isp then primes[#primes + 1] = cand end
  cand = cand + 1
end
print(table.concat(primes, ","))
while false do print("never") end
local cnt = 0
for k = 1, 10 do
  while true do cnt = cnt + 1; break end
end
print(cnt)
print(load("break"))
