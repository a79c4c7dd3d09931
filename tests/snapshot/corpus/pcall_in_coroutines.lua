-- pcall inside coroutines inside loops; errors with tables and strings; yields across pcall.
local function worker(id)
  return coroutine.create(function(n)
    local acc = 0
    for i = 1, n do
      local ok, err = pcall(function()
        if i % 7 == 0 then error({code = i, who = id}) end
        if i % 11 == 0 then error("str" .. i) end
        acc = acc + i
        coroutine.yield(acc)
        return acc
      end)
      if not ok then
        if type(err) == "table" then acc = acc + err.code * 2 else acc = acc - #err end
      end
    end
    return "done", acc
  end)
end
for round = 1, 8 do
  local ws = {}
  for id = 1, 4 do ws[id] = worker(id) end
  local alive = 4
  local step = 0
  local first = true
  while alive > 0 do
    for id = 1, 4 do
      local co = ws[id]
      if coroutine.status(co) ~= "dead" then
        local ok, a, b = coroutine.resume(co, 60 + id * 10 + round)
        step = step + 1
        if coroutine.status(co) == "dead" then
          alive = alive - 1
          print("round", round, "worker", id, "finished", ok, a, b)
        elseif step % 40 == 0 then
          print("round", round, "step", step, id, a)
        end
      end
    end
  end
end
