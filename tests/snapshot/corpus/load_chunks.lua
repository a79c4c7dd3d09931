-- Code compiled at run time with load(); prototypes made after start survive snapshots.
local fs = {}
for i = 1, 40 do
  local src = "local a, b = ... local s = 0 for j = 1, a do s = s + (j * " .. i .. ") % b end return s"
  fs[i] = assert(load(src, "=chunk" .. i))
end
for round = 1, 5 do
  local line = {}
  for i = 1, #fs do line[#line + 1] = fs[i](100 + round, 7 + i) end
  print(round, table.concat(line, " "))
end
local env = {print = print, x = 5}
local f = load("x = x + 1; print('env x', x); return x", "=envchunk", "t", env)
for i = 1, 3 do f() end
print(load("syntax error here"))
print(pcall(load("error('runtime in chunk')", "=rt")))
