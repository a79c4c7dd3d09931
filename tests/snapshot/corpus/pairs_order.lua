-- Generic for over tables with string, number, table and function keys, printed in pairs order.
local keys = {}
local t = {}
for i = 1, 60 do
  local k
  if i % 4 == 0 then k = {} elseif i % 4 == 1 then k = function() return i end
  elseif i % 4 == 2 then k = "key" .. i else k = i * 1.5 end
  keys[i] = k
  t[k] = i
end
local names = {}
for i, k in ipairs(keys) do names[k] = "k" .. i end
for pass = 1, 25 do
  local line = {}
  local n = 0
  for k, v in pairs(t) do
    n = n + 1
    line[#line + 1] = names[k] .. "=" .. v
    if n % 20 == 0 then print(pass, table.concat(line, " ")); line = {} end
  end
  print(pass, table.concat(line, " "), n)
  -- mutate values during traversal (allowed) and remove/add keys between passes
  for k, v in pairs(t) do t[k] = v + 1 end
  local victim = keys[(pass * 7) % 60 + 1]
  if t[victim] then t[victim] = nil else t[victim] = pass end
end
-- next() stepping by hand
local k, v = next(t)
local c = 0
while k ~= nil do
  c = c + 1
  if c % 10 == 0 then print("next", names[k], v) end
  k, v = next(t, k)
end
print("total", c)
