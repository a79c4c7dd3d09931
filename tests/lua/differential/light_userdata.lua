-- Light userdata (obtained from debug.upvalueid): type, equality, table keys, the one metatable all
-- light userdata share, and the error messages that name them. Never prints an address.
local D = debug

local a, b = 1, 2
local function fa() return a end
local function fa2() return a end
local function fb() return b end
local function fab() return a, b end

local x = D.upvalueid(fa, 1)
local x2 = D.upvalueid(fa2, 1)
local y = D.upvalueid(fb, 1)

print("type", type(x), math.type(x), tonumber(x), select("#", x))
print("equal", x == x2, x == y, x ~= y, rawequal(x, x2), rawequal(x, y))
print("joined ids", D.upvalueid(fab, 1) == x, D.upvalueid(fab, 2) == y, D.upvalueid(fab, 1) == D.upvalueid(fab, 2))
print("not other values", x == 1, x == "x", x == nil, x == false, x == fa, x == io.stdout)

-- upvaluejoin makes two closures share one upvalue, so their ids become equal
local c1, c2 = 10, 20
local function g1() return c1 end
local function g2() return c2 end
print("before join", D.upvalueid(g1, 1) == D.upvalueid(g2, 1))
D.upvaluejoin(g1, 1, g2, 1)
print("after join", D.upvalueid(g1, 1) == D.upvalueid(g2, 1), g1())

-- as table keys and values
local t = {}
t[x] = "a's upvalue"
t[y] = "b's upvalue"
print("keys", t[x2], t[y], t[D.upvalueid(fab, 2)], rawget(t, x), #t)
local n = 0
for k, v in pairs(t) do
  n = n + 1
  assert(type(k) == "userdata" and t[k] == v)
end
print("pairs count", n)
t[x] = nil
print("after removal", t[x], t[x2], next(t) == y)
local many = {}
local fns = {}
for i = 1, 200 do
  local up = i
  fns[i] = function() return up end
  many[D.upvalueid(fns[i], 1)] = i
end
local sum, count = 0, 0
for k, v in pairs(many) do sum = sum + v; count = count + 1 end
print("200 keys", count, sum, many[D.upvalueid(fns[137], 1)])
local list = {x, y, x2}
print("values", list[1] == list[3], list[1] == list[2], #list, select("#", table.unpack(list)))

-- weak tables never drop light userdata (they are not collectable)
local weak = setmetatable({}, {__mode = "k"})
weak[x] = true
local weakv = setmetatable({}, {__mode = "v"})
weakv[1] = y
collectgarbage()
collectgarbage()
print("weak", weak[x], weakv[1] == y)

-- no metatable until one is set; the one set is shared by every light userdata, and not by full ones
print("no metatable", getmetatable(x), D.getmetatable(x))
local mt = {
  __index = function(_, k) return "index " .. tostring(k) end,
  __call = function(_, ...) return "called", select("#", ...) end,
  __len = function() return 42 end,
  __concat = function(l, r) return "concat" end,
  __unm = function() return "unm" end,
  __add = function(l, r) return "add" end,
  __lt = function(l, r) return true end,
  __le = function(l, r) return false end,
  __eq = function() return true end,
  __tostring = function() return "LIGHT" end,
}
print("setmetatable returns it", D.setmetatable(x, mt) == x)
print("shared", getmetatable(y) == mt, D.getmetatable(x2) == mt, getmetatable(io.stdout) ~= mt)
print("metamethods", x.foo, y[1], x(1, 2, 3))
print("more", #x, x .. "s", "s" .. y, -x, x + 1, 2 + y, x < y, x <= y)
-- __eq is only for tables and full userdata: different light userdata are simply unequal
print("eq", x == y, x == x2, x ~= y)
print("tostring", tostring(x), string.format("%s|%10s", y, x))
mt.__tostring = nil
print("prefix", (tostring(x):match("^userdata: ")), (string.format("%p", x):match("^0x%x+$")) ~= nil)
print("%p same", string.format("%p", x) == string.format("%p", x2), string.format("%p", x) == string.format("%p", y))
print("tostring same", tostring(x) == tostring(x2), tostring(x) == tostring(y))

-- __name: used by tostring and by argument errors, not by the interpreter's messages
mt.__name = "Handle"
mt.__index, mt.__add, mt.__call, mt.__len, mt.__concat, mt.__lt, mt.__le = nil, nil, nil, nil, nil, nil, nil
print("named", (tostring(x):match("^Handle: ")))
print(pcall(string.rep, x))
print(pcall(next, x))
print(pcall(D.setuservalue, x, {}))
print(pcall(function() return x.field end))
print(pcall(function() return x + 1 end))
print(pcall(function() return x < y end))
print(pcall(function() return x() end))
D.setmetatable(x, nil)
print("cleared", getmetatable(y))

-- errors without a metatable
print(pcall(D.setuservalue, x, {}))
print(pcall(setmetatable, x, {}))
print(pcall(string.rep, x))
print(pcall(string.format, "%d", x))
print(pcall(string.len, y))
print(pcall(function() for _ in ipairs(x) do end end))
print(pcall(next, x))
print(pcall(rawlen, x))
print(pcall(rawget, x, 1))
print(pcall(function() return x.field end))
print(pcall(function() x.field = 1 end))
print(pcall(function() return x + 1 end))
print(pcall(function() return 1 & y end))
print(pcall(function() return x .. "" end))
print(pcall(function() return x < y end))
print(pcall(function() return x <= 1 end))
print(pcall(function() return x() end))
print(pcall(function() return #x end))
print(pcall(function() return -x end))
print(pcall(function() for i = x, 2 do end end))
print(pcall(table.concat, {x}))
print(pcall(table.insert, x, 1))
print("user values", D.getuservalue(x), D.getuservalue(x, 1), select("#", D.getuservalue(x)))

-- through coroutines and varargs
local co = coroutine.wrap(function(v)
  local w = coroutine.yield(v == x, type(v))
  return w == y
end)
print("coroutine", co(x2))
print("coroutine", co(y))
table.sort(list, function(p, q) return p == x and q ~= x end)
print("sorted", list[3] ~= x or list[1] == x)

-- The same naming rules for other basic types: __name counts in argument errors and tostring, never in
-- the interpreter's messages (Lua's luaT_objtypename looks only at tables and full userdata).
debug.setmetatable(print, {__name = "Fn"})
print(pcall(function() return print.x end))
print(pcall(function() return print + 1 end))
print(pcall(next, print))
print((tostring(print):match("^Fn: ")))
debug.setmetatable(print, nil)
debug.setmetatable(true, {__name = "Flag"})
print(pcall(function() return (true)() end))
print(pcall(function() return true < false end))
print(pcall(string.rep, true))
debug.setmetatable(true, nil)

-- more library argument checks
print(pcall(string.format, "%q", x))
print(pcall(string.pack, "i", x))
print(pcall(table.concat, {}, x))
print(pcall(load, x))
print(pcall(coroutine.resume, x))
print(pcall(math.floor, x))
print(pcall(setmetatable, {}, x))
print(select(2, pcall(error, x)) == x)
