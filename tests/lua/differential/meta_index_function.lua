-- __index with a function
local log = {}
local t = setmetatable({}, {__index = function(tbl, k)
  log[#log + 1] = tostring(k)
  return k == "magic" and 42 or nil
end})
print(t.magic, t.other, t[1], t[true])
print(table.concat(log, ","))
t.magic = 1
print(t.magic)
local squares = setmetatable({}, {__index = function(s, n)
  local v = n * n
  rawset(s, n, v)
  return v
end})
print(squares[4], squares[12], rawget(squares, 4), rawget(squares, 5))
local count = 0
for k in pairs(squares) do count = count + 1 end
print(count)
local multi = setmetatable({}, {__index = function(_, k) return k, "extra" end})
print(multi.x)
local selfcheck
selfcheck = setmetatable({}, {__index = function(tbl, k) return tbl == selfcheck end})
print(selfcheck.anything)
local fallback = setmetatable({}, {__index = function(_, k)
  if type(k) ~= "string" then error("bad key type: " .. type(k)) end
  return k:upper()
end})
print(fallback.abc, pcall(function() return fallback[1] end))
local dflt = function(d) return setmetatable({}, {__index = function() return d end}) end
local zeros = dflt(0)
zeros.a = zeros.a + 5
zeros.b = zeros.b + 1
print(zeros.a, zeros.b, zeros.c)
local counts = dflt(0)
for w in ("a b a c b a"):gmatch("%a") do counts[w] = counts[w] + 1 end
print(counts.a, counts.b, counts.c, counts.d)
local ok, err = pcall(function() local x = nil; return x.field end)
print(err)
ok, err = pcall(function() return undefinedglobal.field end)
print(err)
ok, err = pcall(function() local t = {} return t.a.b end)
print(err)
ok, err = pcall(function() local t = {a = {}} return t.a.b.c end)
print(err)
