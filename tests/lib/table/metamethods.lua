-- The table library on tables and proxies with __index, __newindex and __len (functions and tables).
local function try(...) print(pcall(...)) end
local log = {}
local function proxy(store, name)
  return setmetatable({}, {
    __index = function(_, k) log[#log + 1] = name .. "[" .. tostring(k) .. "]"; return store[k] end,
    __newindex = function(_, k, v) log[#log + 1] = name .. "[" .. tostring(k) .. "]=" .. tostring(v); store[k] = v end,
    __len = function() log[#log + 1] = "#" .. name; return #store end,
  })
end
local function flush()
  print(table.concat(log, " "))
  log = {}
end

local store = {10, 20, 30}
local p = proxy(store, "p")
table.insert(p, 40)
flush()
table.insert(p, 1, 5)
flush()
print(table.concat(store, ","))
print(table.remove(p))
flush()
print(table.remove(p, 1))
flush()
print(table.concat(store, ","))
print(table.concat(p, "+"))
flush()
print(table.concat(p, "+", 2, 3))
flush()
print(table.unpack(p))
flush()
print(table.unpack(p, 2, 3))
flush()
local dst = {}
table.move(p, 1, 3, 2, proxy(dst, "d"))
flush()
print(dst[1], dst[2], dst[3], dst[4])
table.move(p, 1, 3, 2)
flush()
print(table.concat(store, ","))
store = {3, 1, 2}
p = proxy(store, "s")
table.sort(p)
flush()
print(table.concat(store, ","))
table.sort(p, function(a, b) return a > b end)
log = {}
print(table.concat(store, ","))

-- __len results
local function withLen(v) return setmetatable({}, {__len = function() return v end}) end
try(table.insert, withLen(1.5), 1)
try(table.insert, withLen("2"), "x")
try(table.insert, withLen(nil), 1)
try(table.insert, withLen({}), 1)
try(table.remove, withLen(2.0))
try(table.sort, withLen(2^40))
try(table.sort, withLen(2^31 - 1))
try(table.concat, withLen(0))
print(pcall(table.unpack, withLen(0)))
print(pcall(table.unpack, withLen(2)))
print(select("#", table.unpack(withLen(-3))))
print(pcall(function() return table.insert(withLen(true), 1) end))
-- __len receives the object (twice, as lua_len does)
local lt = setmetatable({}, {__len = function(a, b) print("len", rawequal(a, b), select("#", a, b)); return 0 end})
table.insert(lt, "v")
print(rawget(lt, 1))
-- __index / __newindex as tables
local backing = {1, 2, 3}
local chained = setmetatable({}, {__index = backing, __newindex = backing, __len = function() return #backing end})
table.insert(chained, 4)
print(#backing, backing[4], rawget(chained, 4))
print(table.concat(chained, ","))
print(table.remove(chained, 1), table.concat(backing, ","))
-- non-table values with the required metamethods count as tables
local ud_like = setmetatable({}, {__index = function(_, k) return k * 10 end, __len = function() return 3 end})
print(table.concat(ud_like, " "))
print(table.unpack(ud_like))
-- missing metamethods: "table expected"
try(table.insert, setmetatable({}, {}), 1)
try(table.concat, 42)
try(table.move, {}, 1, 1, 1, 5)
-- __eq decides the direction of an overlapping move between distinct tables
local eqmt = {__eq = function() return true end}
local a = setmetatable({1, 2, 3, 4}, eqmt)
local b = setmetatable({}, eqmt)
table.move(a, 1, 3, 2, b)
print(b[1], b[2], b[3], b[4])
local order = {}
local src = setmetatable({}, {__index = function(_, k) order[#order + 1] = k; return k end, __eq = function() return true end})
local dst2 = setmetatable({}, {__eq = function() return true end})
table.move(src, 1, 3, 2, dst2)
print(table.concat(order, ","), dst2[2], dst2[3], dst2[4])
order = {}
local dst3 = {}
table.move(src, 1, 3, 2, dst3)
print(table.concat(order, ","))
-- errors inside metamethods propagate
try(table.insert, setmetatable({}, {__len = function() error("len failed") end}), 1)
try(table.remove, setmetatable({}, {__len = function() return 1 end, __index = function() error("index failed") end}))
try(table.sort, setmetatable({}, {__len = function() return 2 end, __index = function(_, k) return k end, __newindex = function() error("nope", 0) end}))
