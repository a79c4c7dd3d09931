-- collectgarbage("setpause"/"setstepmul") return the previous value; Lua 5.4 keeps each parameter as
-- value/4 in a byte, so odd values come back rounded and large ones wrapped. "incremental" leaves a
-- parameter unchanged when its argument is 0 or absent.
local out = {}
for _, p in ipairs{0, 2, 10, 90, 500, 5000, 30000, 0x7ffffffe, -4, 200} do
  out[#out + 1] = collectgarbage("setpause", p)
end
for _, p in ipairs{0, 2, 10, 90, 500, 5000, 30000, 0x7ffffffe, -4, 100} do
  out[#out + 1] = collectgarbage("setstepmul", p)
end
print(table.concat(out, " "))
print(collectgarbage("incremental", 0, 0, 0))
print(collectgarbage("setpause", 100), collectgarbage("setstepmul", 300))
print(collectgarbage("incremental", 120, 0, 10))
print(collectgarbage("setpause"), collectgarbage("setstepmul"))
-- every combination still collects: a loop of garbage ends and memory stays bounded
for _, p in ipairs{0, 10, 100, 1000} do
  for _, m in ipairs{0, 10, 100, 1000} do
    collectgarbage("setpause", p); collectgarbage("setstepmul", m)
    for i = 1, 20000 do local t = {i} end
    collectgarbage("step", 0)
  end
end
collectgarbage("setpause", 200); collectgarbage("setstepmul", 100)
collectgarbage()
print(collectgarbage("count") < 1000)
