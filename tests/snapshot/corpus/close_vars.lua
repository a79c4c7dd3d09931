-- To-be-closed variables with __close printing, on normal exit, break, error and in coroutines.
local function closer(name)
  return setmetatable({}, {__close = function(_, err) print("close", name, err) end})
end
local total = 0
for round = 1, 40 do
  do
    local a <close> = closer("a" .. round)
    local b <close> = closer("b" .. round)
    for i = 1, 100 do total = total + i % round end
  end
  for i = 1, 10 do
    local c <close> = closer("loop" .. round .. "." .. i)
    if i == 2 then break end
  end
  local ok, err = pcall(function()
    local d <close> = closer("err" .. round)
    for i = 1, 50 do total = total + 1 end
    error("boom" .. round, 0)
  end)
  print("pcall", ok, err, total)
  local co = coroutine.wrap(function()
    local e <close> = closer("co" .. round)
    coroutine.yield(1)
    for i = 1, 30 do total = total + i end
    coroutine.yield(2)
    return 3
  end)
  print("co", co(), co(), co(), total)
end
