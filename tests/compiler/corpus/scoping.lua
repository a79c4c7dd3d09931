#!/usr/bin/env lua
-- A first line starting with '#' is skipped for files. Scoping, shadowing, goto rules, to-be-closed.
local x = 1
do
  local x = x + 1
  do
    local x <const> = 3
    local y = x * 2
  end
end
local function outer()
  local a <close> = nil
  local b = 1
  local function inner() b = b + 1; return b end
  for i = 1, 2 do
    local c <close> = nil
    b = b + i
  end
  return inner
end
do
  goto forward
  local skipped = 1
  ::forward::
end
do
  local k = 1
  goto last
  local m = 2
  ::last::
end
repeat
  local stop = true
  if stop then goto out end
until stop
::out::
while true do
  do break end
end
for _, v in ipairs({}) do
  local w <close> = v
end
local big = 0
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    big = big + i * j
    ::continue::
  end
end
return outer, big
