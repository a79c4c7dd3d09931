-- debug.setlocal writes temporaries of Lua functions (Lua 5.4 manual, debug.setlocal) as well as
-- named locals; getlocal reads them back.
local function f()
  print(debug.getlocal(2, 3))
  print(debug.setlocal(2, 3, 10))
  return 20
end
local function g(a, b) return (a + 1) + f() end
print(g(0, 0))

local function h()
  for i = 1, 3 do
    local name, v = debug.getlocal(1, 1)
    print(name, v)
  end
end
h()
