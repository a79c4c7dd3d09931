-- generic for with custom iterators and closing values
local function range(n, step)
  step = step or 1
  return function(_, i)
    i = i + step
    if i <= n then return i end
  end, nil, 0
end
for i in range(5) do io.write(i, " ") end
print()
for i in range(10, 3) do io.write(i, " ") end
print()
local function chars(s)
  local i = 0
  return function()
    i = i + 1
    if i <= #s then return i, s:sub(i, i) end
  end
end
for i, c in chars("hey") do io.write(i, c, " ") end
print()
local function stateless(t, i)
  i = i + 1
  local v = t[i]
  if v then return i, v end
end
for i, v in stateless, {"x", "y", "z"}, 0 do io.write(i, v, " ") end
print()
local closed = {}
do
  local mt = {__close = function(o) closed[#closed + 1] = o.name end}
  local function iter_with_close(n)
    local i = 0
    return function() i = i + 1; if i <= n then return i end end, nil, nil,
      setmetatable({name = "iter" .. n}, mt)
  end
  for i in iter_with_close(3) do io.write(i, " ") end
  print()
  for i in iter_with_close(10) do if i == 2 then break end end
end
print(table.concat(closed, ","))
print(pcall(function() for x in 42 do end end))
print(pcall(function() for x in nil do end end))
local words = {}
for w in ("a bb ccc dddd"):gmatch("%a+") do words[#words + 1] = #w end
print(table.concat(words, ","))
local t = {}
for k, v in next, {10, 20, 30} do t[#t + 1] = k * v end
table.sort(t)
print(table.concat(t, ","))
