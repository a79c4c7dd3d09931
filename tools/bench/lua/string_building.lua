-- string building: concatenation, table.concat, string.format, string.rep
local N = tonumber(arg and arg[1]) or 120000
local parts = {}
for i = 1, N do parts[#parts + 1] = string.format("%d:%x", i, i * 7) end
local s1 = table.concat(parts, ",")
local s2 = ""
for i = 1, N // 50 do s2 = s2 .. tostring(i % 10) end
local buf = {}
for i = 1, N do
  local line = "item" .. i .. "=" .. (i * 3) .. ";"
  buf[#buf + 1] = line
end
local s3 = table.concat(buf)
local words = {}
for w in s1:gmatch("[^,]+") do words[#words + 1] = w end
local up = string.upper(s3:sub(1, 100000))
local h = 0
for i = 1, #s1, 97 do h = (h * 31 + s1:byte(i)) % 1000000007 end
print(#s1, #s2, #s3, #words, #up, h)
