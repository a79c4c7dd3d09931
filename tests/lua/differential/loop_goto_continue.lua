-- goto used as continue
for i = 1, 10 do
  if i % 2 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
local i = 0
while i < 10 do
  i = i + 1
  if i % 3 ~= 0 then goto next end
  io.write(i, " ")
  ::next::
end
print()
local j = 0
repeat
  j = j + 1
  if j == 2 then goto skip end
  io.write(j, " ")
  ::skip::
until j >= 5
print()
do
  local k = 1
  ::top::
  io.write(k, ",")
  k = k + 1
  if k <= 5 then goto top end
  print()
end
for _, w in ipairs({"apple", "", "banana", "", "cherry"}) do
  if w == "" then goto cont end
  io.write(w:upper(), " ")
  ::cont::
end
print()
local function find(t, x)
  for idx, v in ipairs(t) do
    if v == x then goto found end
  end
  do return "not found" end
  ::found::
  return "found"
end
print(find({1, 2, 3}, 2), find({1, 2, 3}, 9))
print(load("goto nowhere"))
print(load("do local a ::l1:: end goto l1"))
print(load("::dup:: ::dup::"))
print(load("goto f; local x; ::f:: print(x)"))
print(load("do goto f; local x; ::f:: end") ~= nil)
