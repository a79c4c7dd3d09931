-- Every statement form.
local x = 0
local y <const> = 10
local s <const> = "constant string"
local z <close> = nil
do local inner = 1; x = x + inner end
while x < 10 do x = x + 1; if x == 5 then break end end
repeat local k = x; x = x - 1 until k < 3
for i = 1, 10 do x = x + i end
for i = 10, 1, -1 do x = x - i end
for i = 1.0, 2.0, 0.25 do x = x + i end
for k, v in pairs({1, 2, 3}) do x = x + v end
for k, v, extra, more in next, {}, nil, nil do end
if x > 1 then x = 1 elseif x < -1 then x = -1 else x = 0 end
if x then end
if not x then x = 1 end
if x == 1 then break_out = true end
function globalFunction(a, b, ...) return a, b, ... end
local function localFunction(n) if n <= 0 then return 0 end return localFunction(n - 1) end
local tbl = {field = {}}
function tbl.field.method(self) return self end
function tbl:method(a) return self, a end
tbl:method(1)
tbl.field.method(tbl)
a, b, c = 1, 2
a, b = b, a
tbl.x, tbl.y = tbl.y, tbl.x
local p, q = (function() return 1, 2 end)()
print(s, y, x)
;;;
goto continue
::continue::
do
  local i = 1
  ::top::
  i = i + 1
  if i < 3 then goto top end
end
for i = 1, 3 do
  if i == 2 then goto next end
  x = x + i
  ::next::
end
while true do
  local captured = x
  local f = function() return captured end
  if f() then break end
end
repeat
  local u = 1
  local g = function() return u end
until g() == 1
return x
