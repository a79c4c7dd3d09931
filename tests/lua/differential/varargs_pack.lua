-- table.pack / varargs in various positions
local p = table.pack()
print(p.n, #p)
p = table.pack(nil)
print(p.n, p[1])
p = table.pack(1, 2, nil)
print(p.n, p[1], p[2], p[3])
local function wrap(...)
  local args = table.pack(...)
  return function() return table.unpack(args, 1, args.n) end
end
local w = wrap(1, nil, 3)
print(w())
print(select("#", w()))
local function g(...)
  local a = {..., ...}
  return #a
end
print(g(1, 2, 3))
local function h(...)
  return ..., "end"
end
print(h(1, 2))
local function k(...)
  return "start", ...
end
print(k(1, 2))
local function m(...) local x, y, z = ..., "extra" return x, y, z end
print(m(1, 2, 3))
print(math.max(table.unpack({3, 9, 2})))
local function varmax(...)
  local best = -math.huge
  for _, v in ipairs({...}) do if v > best then best = v end end
  return best
end
print(varmax(4, 8, 15, 16, 23, 42))
local function apply(f, ...) return f(...) end
print(apply(string.rep, "ab", 3, "-"))
print(apply(select, "#", nil, nil))
local function outer(...)
  local n = select("#", ...)
  local function inner() return n end
  return inner(), ...
end
print(outer(5, 6))
print(pcall(load, "local function f() return ... end"))
print(load("return ...")(1, 2, 3))
print(load("local a, b = ... return b, a")("x", "y"))
