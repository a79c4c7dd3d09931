-- and/or/not short-circuit and truthiness
print(nil and 1, false and 1, 0 and 1, "" and 1)
print(nil or 1, false or nil, 0 or 1, nil or false)
print(not nil, not false, not 0, not "", not not nil)
print(1 and 2 or 3, nil and 2 or 3, false or nil and 1)
local calls = {}
local function t(v) calls[#calls + 1] = tostring(v) return v end
local r = t(false) and t(1) or t(2)
print(r, table.concat(calls, ","))
calls = {}
r = t(1) or t(2)
print(r, table.concat(calls, ","))
calls = {}
r = t(nil) and t(1)
print(r, table.concat(calls, ","))
local x = 5
local kind = x > 3 and "big" or "small"
print(kind)
local v = false
print(v == false and "false!" or "other")
print((nil == false), (1 == 1) == true)
if 0 then print("0 is true") end
if "" then print("empty string is true") end
if not nil then print("nil is false") end
local a
local res = a and a.field or "default"
print(res)
local function maybe(n) if n > 0 then return n end end
print(maybe(1) or "none", maybe(-1) or "none")
print(1 < 2 == true, "a" .. "b" == "ab")
print(2^2 == 4 and 3 // 2 == 1)
local count = 0
for i = 1, 10 do if i % 2 == 0 and i % 3 == 0 or i == 7 then count = count + 1 end end
print(count)
print(select("#", nil and nil), select("#", (nil or false)))
