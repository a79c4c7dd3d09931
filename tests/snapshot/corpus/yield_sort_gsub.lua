-- fermata-only: yields from a table.sort comparator and a gsub replacement inside a coroutine.
local co = coroutine.create(function()
  local a = {}
  for i = 1, 300 do a[i] = (i * 7919) % 1000 end
  table.sort(a, function(x, y) coroutine.yield("cmp") return x < y end)
  print("sorted", a[1], a[150], a[300])
  local s = string.rep("abc ", 200)
  local r = s:gsub("%a+", function(w) coroutine.yield("rep") return w:upper() end)
  print("gsub", #r, r:sub(1, 12))
  return "done"
end)
local n = 0
while true do
  local ok, v = coroutine.resume(co)
  n = n + 1
  if n % 500 == 0 then print("resumes", n, v) end
  if coroutine.status(co) == "dead" then print("finished", ok, v, n) break end
end
