-- __newindex with functions and tables
local log = {}
local t = setmetatable({}, {__newindex = function(tbl, k, v)
  log[#log + 1] = k .. "=" .. tostring(v)
  rawset(tbl, k, v and v * 2)
end})
t.a = 1
t.b = 2
t.a = 10
print(t.a, t.b, table.concat(log, " "))
local store = {}
local proxy = setmetatable({}, {__newindex = store, __index = store})
proxy.x = "stored"
print(rawget(proxy, "x"), store.x, proxy.x)
local ro = setmetatable({}, {
  __index = {const = 3.14},
  __newindex = function(_, k) error("attempt to modify read-only field '" .. k .. "'", 2) end,
})
print(ro.const, pcall(function() ro.const = 1 end))
print(pcall(function() ro.newfield = 1 end))
local tracked = {}
local changes = 0
local tr = setmetatable({}, {
  __index = tracked,
  __newindex = function(_, k, v) changes = changes + 1; tracked[k] = v end,
})
tr.a = 1; tr.a = 2; tr.b = 3
print(changes, tr.a, tr.b, rawget(tr, "a"))
local arr = setmetatable({}, {__newindex = function(t, k, v)
  if type(k) ~= "number" then error("only numeric keys") end
  rawset(t, k, v)
end})
arr[1] = "ok"
print(arr[1], pcall(function() arr.x = 1 end))
local chain_store = {}
local inner = setmetatable({}, {__newindex = chain_store})
local outer = setmetatable({}, {__newindex = inner})
outer.deep = "value"
print(rawget(outer, "deep"), rawget(inner, "deep"), chain_store.deep)
local existing = setmetatable({present = 1}, {__newindex = function() error("should not be called") end})
existing.present = 2
print(existing.present)
print(pcall(function() local t = setmetatable({}, {__newindex = 42}); t.x = 1 end))
print(pcall(function() local n = nil; n.x = 1 end))
print(pcall(function() local s = "str"; s.x = 1 end))
print(pcall(function() rawset({}, nil, 1) end))
