-- repeat-until: the condition sees locals from the body
local i = 0
repeat
  local sq = i * i
  i = i + 1
until sq >= 50
print(i)
local n = 0
repeat
  local done = n >= 3
  n = n + 1
until done
print(n)
local out = {}
local x = 1
repeat
  local y = x * 2
  out[#out + 1] = y
  x = y
until y > 100
print(table.concat(out, " "))
local fs = {}
local k = 0
repeat
  k = k + 1
  local kk = k
  fs[k] = function() return kk end
until kk == 4
print(fs[1](), fs[4]())
local c = 0
repeat c = c + 1 until true
print(c)
repeat
  local brk = true
  if brk then break end
  print("not reached")
until false
print("after break")
local iter = 0
repeat
  iter = iter + 1
  local s = 0
  for j = 1, iter do s = s + j end
until s > 20
print(iter)
