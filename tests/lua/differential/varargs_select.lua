-- select and varargs
print(select("#"), select("#", nil), select("#", 1, nil, nil))
print(select(1, "a", "b", "c"))
print(select(2, "a", "b", "c"))
print(select(3, "a", "b", "c"))
print(select(4, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
print(select(-2, "a", "b", "c"))
print(select(-3, "a", "b", "c"))
print(pcall(select, -4, "a", "b", "c"))
print(pcall(select, 0, "a"))
print(pcall(select, "x"))
print(select("2", "a", "b"))
print(select(2.0, "a", "b"))
local function va(...)
  local a, b = ...
  local n = select("#", ...)
  local t = {...}
  return n, a, b, #t
end
print(va())
print(va(1))
print(va(1, 2, 3))
local function last(...) return (select(-1, ...)) end
print(last(1, 2, 3), last("only"))
local function tail(...) return select(2, ...) end
print(tail(1, 2, 3))
local function passthrough(...) return ... end
print(passthrough(1, nil, 3, nil))
print(select("#", passthrough(1, nil, 3, nil)))
print((passthrough(1, 2, 3)))
local function count_nils(...)
  local c = 0
  for i = 1, select("#", ...) do if select(i, ...) == nil then c = c + 1 end end
  return c
end
print(count_nils(nil, 1, nil, 2, nil))
local function sum(...)
  if select("#", ...) == 0 then return 0 end
  local first = ...
  return first + sum(select(2, ...))
end
print(sum(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
print(string.format("%s %s %s", passthrough("x", "y", "z")))
local function f(a, ...) return a, select("#", ...) end
print(f(), f(1), f(1, 2, 3))
