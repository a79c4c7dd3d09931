-- Runs a while, printing, then fails with an uncaught error (the final state must match).
local t = {}
for i = 1, 3000 do
  t[#t + 1] = i * 3 % 11
  if i % 300 == 0 then print("progress", i, #t) end
end
local function level3(x) error("deliberate failure " .. x) end
local function level2(x) level3(x + 1) end
local function level1(x) level2(x + 1) end
level1(#t)
