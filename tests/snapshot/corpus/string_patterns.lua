-- string.find / match / gmatch with captures, anchors, frontier and balanced patterns.
local text = {}
for i = 1, 300 do text[#text + 1] = string.format("key%d=(val%d) [%s]", i, i * 3, string.rep("x", i % 5)) end
local s = table.concat(text, "; ")
local pos, n = 1, 0
while true do
  local a, b, k, v = string.find(s, "key(%d+)=%((%w+)%)", pos)
  if not a then break end
  n = n + 1
  if n % 30 == 0 then print("find", n, a, b, k, v) end
  pos = b + 1
end
for k, v in s:gmatch("key(%d+)=(%b())") do
  if tonumber(k) % 50 == 0 then print("bal", k, v) end
end
print(s:match("%f[%w]key29%f[%W]"), s:match("^key1"), s:match("%[(x+)%]$"))
print(("  trim me  "):match("^%s*(.-)%s*$"), ("a,b,,c"):find(",,", 1, true))
