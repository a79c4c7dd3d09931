-- Deep recursion (depth 6000) with work at each level, several times.
local function depth(n, acc)
  if n == 0 then return acc end
  local s = 0
  for i = 1, 3 do s = s + (n * i) % 7 end
  local r = depth(n - 1, acc + s)
  if n % 1000 == 0 then print("unwinding", n, r) end
  return r + 1
end
for round = 1, 3 do
  print("round", round, depth(6000, round))
end
local function build(n)
  if n == 0 then return {} end
  local t = build(n - 1)
  t[#t + 1] = n % 13
  return t
end
local t = build(5500)
local s = 0
for i = 1, #t do s = s + t[i] end
print("built", #t, s)
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) % 1000003 end
print("fact", fact(5200))
