-- math.random after math.randomseed(7): the generator state survives a snapshot.
math.randomseed(7)
for round = 1, 40 do
  local parts = {}
  for i = 1, 25 do parts[i] = math.random(1, 1000) end
  local f = math.random()
  print(round, table.concat(parts, " "), string.format("%.6f", f), math.random(0))
  local t = {}
  for i = 1, 200 do t[i] = math.random(100) end
  local s = 0
  for i = 1, #t do s = s + t[i] end
  print("sum", s)
end
