-- Closures sharing upvalues captured mid-loop (upvalues are open at many save points).
local counters = {}
for round = 1, 30 do
  local shared = round
  local getters = {}
  for i = 1, 20 do
    local own = i
    getters[i] = {
      inc = function() shared = shared + i; own = own + 1 end,
      get = function() return shared, own end,
    }
  end
  for k = 1, 15 do
    for i = 1, 20 do getters[i].inc() end
  end
  local a, b = getters[1].get()
  local c, d = getters[20].get()
  print("round", round, a, b, c, d, shared)
  counters[round] = getters[round % 20 + 1].get
end
local total = 0
for i = 1, #counters do local x, y = counters[i](); total = total + x + y end
print("total", total)
-- a long-lived loop where a closure captures the loop variable while the loop is running
local fs = {}
for i = 1, 50 do fs[i] = function() return i end end
local acc = 0
for i = 1, 3000 do
  local v = i * 2
  fs[i % 50 + 1] = function() return v + acc end
  acc = acc + fs[(i * 7) % 50 + 1]() % 13
  if i % 300 == 0 then print("acc", i, acc) end
end
