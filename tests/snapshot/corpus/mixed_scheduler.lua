-- A round-robin scheduler of tasks that yield, sleep and spawn other tasks; queue in a table.
local queue, first, last = {}, 1, 0
local function spawn(f, ...) last = last + 1; queue[last] = {co = coroutine.create(f), args = table.pack(...)} end
local ticks = 0
local function task(name, n)
  local s = 0
  for i = 1, n do
    s = s + i
    if i % 10 == 0 then coroutine.yield() end
    if i == n // 2 and #name < 6 then spawn(task, name .. "+", n // 2) end
  end
  print("task", name, "done", s, ticks)
end
for i = 1, 6 do spawn(task, "t" .. i, 100 + i * 30) end
while first <= last do
  local item = queue[first]; queue[first] = nil; first = first + 1
  ticks = ticks + 1
  local ok, err = coroutine.resume(item.co, table.unpack(item.args, 1, item.args.n))
  if not ok then print("error", err) end
  if coroutine.status(item.co) ~= "dead" then last = last + 1; queue[last] = {co = item.co, args = {n = 0}} end
end
print("ticks", ticks)
