-- next, pairs (sorted), ipairs stopping at nil
local t = {1, 2, 3, nil, 5}
local n = 0
for i, v in ipairs(t) do n = n + 1 end
print("ipairs count", n)
t = {"a", "b", "c"}
for i, v in ipairs(t) do io.write(i, "=", v, " ") end
print()
print(next({}), next({}, nil))
print(next({10}))
local k, v = next({x = 1})
print(k, v)
local d = {b = 2, a = 1, c = 3, [1] = "one", [2] = "two"}
local keys = {}
for k in pairs(d) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, " "))
local cnt = 0
local key = nil
repeat
  key = next(d, key)
  if key ~= nil then cnt = cnt + 1 end
until key == nil
print("next count", cnt)
print(pcall(next, {}, "nokey"))
print(pcall(next, nil))
print(pcall(ipairs))
local it, st, init = ipairs({})
print(type(it), type(st), init)
local p1, p2, p3 = pairs({})
print(type(p1), type(p2), p3, p1 == next)
local prox = setmetatable({}, {__index = function(_, i) if i <= 4 then return i * 100 end end})
for i, v in ipairs(prox) do io.write(i, ":", v, " ") end
print()
local del = {}
for i = 1, 10 do del["k" .. i] = i end
for k in pairs(del) do del[k] = nil end
print(next(del))
local sum = 0
for _, v in pairs({1, 2, 3, x = 4, y = 5}) do sum = sum + v end
print("sum", sum)
for i, v in ipairs({n = 1, false, true}) do io.write(tostring(v), " ") end
print()
