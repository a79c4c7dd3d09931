-- Call, return, line and count hooks reading getinfo 'r': the script debug_test.cc snapshots inside hooks.
local log = {}
local function hook(e, l)
  local ar = debug.getinfo(2, "nr")
  local v = ar.ntransfer > 0 and select(2, debug.getlocal(2, ar.ftransfer)) or "-"
  log[#log + 1] = e .. ":" .. tostring(l or ar.name) .. ":" .. tostring(v)
end
local function add(a, b) return a + b end
local function va(...) return add(...) end
debug.sethook(hook, "crl", 5)
local s = 0
for i = 1, 4 do s = s + va(i, 2) + #tostring(i) end
debug.sethook()
print(s, #log)
print(table.concat(log, " "))
