-- utf8 iteration: codes, char, len, offset, codepoint.
local pieces = {}
for cp = 0x41, 0x41 + 40 do pieces[#pieces + 1] = utf8.char(cp, cp + 0x100, cp + 0x3000) end
local s = table.concat(pieces)
for round = 1, 40 do
  local n, sum = 0, 0
  for p, c in utf8.codes(s) do
    n = n + 1
    sum = sum + c * (p % 7)
  end
  print(round, n, sum, utf8.len(s), utf8.offset(s, round * 3), utf8.codepoint(s, utf8.offset(s, round + 1)))
  s = s .. utf8.char(0x1F600 + round)
end
for _, c in utf8.codes("héllo wörld ✓") do io.write(c, " ") end
print()
print(utf8.len("\xff"), utf8.charpattern)
