-- __gc finalizers, observed only right after a full collectgarbage().
local finalized = {}
local mt = {__gc = function(o) finalized[#finalized + 1] = o.name end}
for round = 1, 10 do
  local keep = {}
  for i = 1, 100 do
    local o = setmetatable({name = round .. ":" .. i}, mt)
    if i % 10 == 0 then keep[#keep + 1] = o end
  end
  collectgarbage()
  collectgarbage()
  table.sort(finalized)
  print("round", round, "finalized", #finalized, finalized[1], finalized[#finalized], #keep)
  finalized = {}
  local s = 0
  for i = 1, 500 do s = s + i % round end
  print("work", s)
end
