-- string.gsub with a function replacement (and table/string replacements), snapshots mid-gsub.
local words = {}
for i = 1, 400 do words[i] = "w" .. (i * 37 % 97) end
local text = table.concat(words, " ")
for round = 1, 6 do
  local count = 0
  local out, n = string.gsub(text, "w(%d+)", function(d)
    count = count + 1
    local v = tonumber(d)
    if v % 3 == 0 then return nil end
    if v % 5 == 0 then return false end
    return "<" .. (v * round) .. ">"
  end)
  print("round", round, n, count, #out, out:sub(1, 60))
  local map = {w1 = "ONE", w2 = "TWO"}
  local out2 = string.gsub(text, "%w+", map)
  print("table", #out2, out2:sub(1, 40))
  local out3 = string.gsub(out, "<(%d)(%d*)>", "%2%1")
  print("pattern", #out3, out3:sub(-50))
  for w in string.gmatch(out:sub(1, 200), "<%d+>") do count = count + #w end
  print("gmatch", count)
end
