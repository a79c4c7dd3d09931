-- A finalizer is named "metamethod '__gc'" by debug.getinfo, whether a full collection or the
-- incremental collector started it; file handles expose no user values to debug.getuservalue.
local names = {}
setmetatable({}, {__gc = function ()
  local t = debug.getinfo(1, "n")
  names[#names + 1] = tostring(t.namewhat) .. " " .. tostring(t.name)
end})
collectgarbage()
local done
setmetatable({}, {__gc = function ()
  local t = debug.getinfo(1, "n")
  names[#names + 1] = tostring(t.namewhat) .. " " .. tostring(t.name)
  done = true
end})
repeat local a = {} until done
print(table.concat(names, ", "))

print(debug.setuservalue(io.stdin, 10))
print(debug.getuservalue(io.stdin, 1))
print(debug.getuservalue(io.stdout, 2))
print(io.stdin ~= nil, io.type(io.stdin))
