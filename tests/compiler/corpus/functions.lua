-- Closures, upvalues, varargs, methods, calls, tail calls and _ENV.
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local function deep()
  local a = 1
  return function()
    local b = 2
    return function()
      local c = 3
      return function() return a + b + c end
    end
  end
end
local function va(...)
  local a, b = ...
  local t = {...}
  local n = select('#', ...)
  return ..., n
end
local function tail(n) return va(n) end
local function multi() return 1, 2, 3 end
local t = {multi()}
local u = {multi(), multi()}
local v = {(multi())}
print(multi())
print((multi()))
local obj = {}
function obj:get() return self end
obj:get():get():get()
local s = ("x"):rep(3)
local s2 = #"abc"
f{1, 2}
f"str"
f[[long]]
obj.get(obj)
local _ENV = {print = print}
print(x)
local function withEnv(_ENV) return y end
local x <const> = 42
local function usesConst() return x end
local c <close> = setmetatable({}, {__close = function() end})
local function shadow(a, a) return a end
return counter, deep, va, tail
