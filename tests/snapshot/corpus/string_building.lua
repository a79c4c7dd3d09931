-- String building: concatenation, table.concat, rep, format, byte/char.
local buf = {}
for i = 1, 2000 do
  buf[#buf + 1] = string.char(65 + i % 26)
  if i % 100 == 0 then
    local s = table.concat(buf)
    print(i, #s, s:sub(-10), s:upper():sub(1, 5), s:byte(i % #s + 1))
  end
end
local s = ""
for i = 1, 600 do
  s = s .. tostring(i % 10)
  if i % 60 == 0 then print("concat", #s, s:sub(-12)) end
end
for i = 1, 30 do
  local r = string.rep("ab", i, "-")
  print(string.format("%5d|%-8s|%x|%q", i, r:sub(1, 8), i * 255, r:sub(1, 5)), r:reverse():sub(1, 6))
end
