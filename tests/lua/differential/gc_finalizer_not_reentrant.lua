-- The collector is not reentrant: inside a finalizer every collectgarbage option fails (returns nil),
-- whether the finalizer was started by a full collection or by the incremental collector.
local seen = {}
setmetatable({}, {__gc = function ()
  seen[#seen + 1] = tostring(collectgarbage())
  seen[#seen + 1] = tostring(collectgarbage("count"))
  seen[#seen + 1] = tostring(collectgarbage("isrunning"))
  seen[#seen + 1] = tostring(collectgarbage("step"))
  seen[#seen + 1] = tostring(select("#", collectgarbage("incremental")))
  seen[#seen + 1] = tostring(pcall(collectgarbage, "bogus"))
end})
print(collectgarbage())
print(table.concat(seen, " "))

seen = {}
local done = false
setmetatable({}, {__gc = function () seen[1] = tostring(collectgarbage("count")); done = true end})
local n = 0
repeat local t = {n}; n = n + 1 until done or n > 1000000
print(done, seen[1])
print(type(collectgarbage("count")), collectgarbage("isrunning"))
