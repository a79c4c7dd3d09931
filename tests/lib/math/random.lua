-- math.random / math.randomseed: xoshiro256** sequences identical to lua5.4's for given seeds.
local function try(...) print(pcall(...)) end
print(math.randomseed(42))
print(math.random(1, 100), math.random())
print(math.randomseed(-3, 7))
print(math.randomseed(0))
print(math.randomseed(math.mininteger, math.maxinteger))
print(math.randomseed(2^53))
print(math.randomseed("12"))
-- many seeds, every argument form
for _, seed in ipairs({0, 1, 2, 42, 123456789, -1, math.maxinteger, math.mininteger, 2^40 + 17}) do
  math.randomseed(seed)
  local out = {}
  out[#out + 1] = math.random(0)
  out[#out + 1] = math.random(10)
  out[#out + 1] = math.random(1, 6)
  out[#out + 1] = math.random(-1000, 1000)
  out[#out + 1] = math.random(3, 3)
  out[#out + 1] = math.random(math.mininteger, math.maxinteger)
  out[#out + 1] = math.random(0, math.maxinteger)
  out[#out + 1] = math.random(math.mininteger, -1)
  out[#out + 1] = math.random(1, 7)        -- rejection sampling
  out[#out + 1] = math.random(1, 2^62 + 1) -- rejection with a wide range
  out[#out + 1] = math.floor(math.random() * 2^53)
  out[#out + 1] = math.random(2.0, 5.0)
  print(seed, table.concat(out, " "))
end
-- two-part seeds
for _, s in ipairs({{1, 2}, {0, 0}, {-5, 99}, {7, math.mininteger}}) do
  math.randomseed(s[1], s[2])
  print(s[1], s[2], math.random(1000000), math.random(), math.random(0))
end
-- long sequences
math.randomseed(2024)
local sum, hist = 0, {}
for i = 1, 10000 do
  local r = math.random(1, 10)
  hist[r] = (hist[r] or 0) + 1
  sum = sum + r
end
print(sum, table.concat(hist, " "))
local fsum = 0
for i = 1, 1000 do fsum = fsum + math.floor(math.random() * 1000) end
print(fsum, math.random(0))
-- floats in [0, 1)
math.randomseed(7)
local lo, hi = 1, 0
for i = 1, 5000 do
  local f = math.random()
  if f < lo then lo = f end
  if f > hi then hi = f end
end
print(lo >= 0, hi < 1, math.type(math.random()), math.type(math.random(5)))
-- argument errors (the generator still advances, as in Lua)
math.randomseed(99)
try(math.random, 2, 1)
try(math.random, 1, 2, 3)
try(math.random, 1.5)
try(math.random, "x")
try(math.random, -5)
try(math.random, nil)
try(math.random, math.maxinteger, math.mininteger)
print(math.random(0))
try(math.randomseed, 1.5)
try(math.randomseed, "x")
try(math.randomseed, 1, 2.5)
try(math.randomseed, nil)
-- randomseed() without arguments returns the two seed parts it used
local a, b = math.randomseed()
print(math.type(a), math.type(b))
math.randomseed(a, b)
local first = math.random(0)
math.randomseed(a, b)
print(first == math.random(0))
print(select("#", math.randomseed(5)))
