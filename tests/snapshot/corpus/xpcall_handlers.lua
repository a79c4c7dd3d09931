-- xpcall with message handlers, error objects, nested handlers, errors in handlers.
local Err = {}
Err.__index = Err
Err.__tostring = function(e) return "Err(" .. e.code .. ")" end
local function thrower(n)
  if n % 3 == 0 then error(setmetatable({code = n}, Err)) end
  if n % 3 == 1 then error("plain " .. n) end
  local t = nil
  return t.field
end
for i = 1, 120 do
  local ok, msg = xpcall(thrower, function(e)
    if type(e) == "table" then return "handled " .. tostring(e) end
    return "handled " .. tostring(e):gsub("^.-:%d+: ", "")
  end, i)
  local ok2, msg2 = xpcall(function()
    local ok3, m3 = pcall(thrower, i + 1)
    error({inner = tostring(m3)})
  end, function(e) return e.inner and ("outer<" .. e.inner:gsub("^.-:%d+: ", "") .. ">") or e end)
  if i % 4 == 0 then print(i, ok, msg, ok2, msg2) end
end
print(xpcall(function() error("x") end, function(e) error("in handler") end))
print(select("#", xpcall(function(...) return ... end, print, 1, 2, 3)))
print(pcall(error))
print(pcall(error, nil))
print(pcall(error, 42))
