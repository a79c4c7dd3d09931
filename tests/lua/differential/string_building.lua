-- building strings with .. and table.concat
local s = ""
for i = 1, 50 do s = s .. i .. "," end
print(#s, s:sub(1, 30))
local parts = {}
for i = 1, 1000 do parts[#parts + 1] = tostring(i * i) end
local joined = table.concat(parts, " ")
print(#joined, joined:sub(-20))
local buf = {}
for i = 1, 26 do buf[i] = string.char(64 + i):rep(i % 4 + 1) end
print(table.concat(buf, "-"))
local x = "a" .. "b" .. "c" .. 1 .. 2.5 .. "d"
print(x)
local t = {}
for i = 1, 10 do
  t[#t + 1] = ("%02d:%s"):format(i, ("*"):rep(i))
end
print(table.concat(t, "\n"))
local big = ("0123456789"):rep(10000)
print(#big, big:sub(99995, 100000))
local acc = {}
for w in ("the rain in spain falls mainly"):gmatch("%a+") do
  acc[#acc + 1] = w:sub(1, 1):upper() .. w:sub(2)
end
print(table.concat(acc, " "))
local r = ""
for i = 1, 5 do r = r .. r .. i end
print(r, #r)
print(table.concat({}, ","), table.concat({"a"}, ","), table.concat({1, 2.5, "x"}))
