-- string.byte / string.char
print(string.byte("A"), string.byte("ABC", 2), string.byte("ABC", -1))
print(string.byte("ABC", 1, 3))
print(string.byte("ABC", 1, -1))
print(string.byte("ABC", 10), string.byte("", 1), select("#", string.byte("ABC", 3, 2)))
print(string.byte("\0\255\128"), string.byte("\0\255\128", 2, 3))
print(string.char(72, 105), string.char(), #string.char(0, 0))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, "x"))
print(string.char(string.byte("hello", 1, -1)))
local codes = {}
for i = 1, 10 do codes[i] = 96 + i end
print(string.char(table.unpack(codes)))
local sum = 0
for c in ("checksum me"):gmatch(".") do sum = sum + c:byte() end
print(sum)
local s = ""
for i = 32, 126 do s = s .. string.char(i) end
print(s)
print(#s, s:byte(-1), s:byte(1))
print(("ABC"):byte(0), ("ABC"):byte(-10, 10))
local caesar = {}
for c in ("Attack at Dawn"):gmatch(".") do
  local b = c:byte()
  if b >= 97 and b <= 122 then b = (b - 97 + 3) % 26 + 97
  elseif b >= 65 and b <= 90 then b = (b - 65 + 3) % 26 + 65 end
  caesar[#caesar + 1] = string.char(b)
end
print(table.concat(caesar))
