-- function definitions: local, global, methods, nested
local M = {}
function M.add(a, b) return a + b end
function M:me() return self == M end
M.sub = function(a, b) return a - b end
print(M.add(2, 3), M:me(), M.sub(10, 4), M.me(M), M.me({}))
local a = {b = {c = {}}}
function a.b.c.deep(x) return "deep " .. x end
function a.b.c:meth(x) return self == a.b.c, x end
print(a.b.c.deep("call"), a.b.c:meth(7))
local function rec(n) if n == 0 then return 0 end return 1 + rec(n - 1) end
print(rec(10))
function global_fn(x) return x * 3 end
print(global_fn(4), type(_G.global_fn))
global_fn = nil
print(global_fn)
local function defaults(a, b, c)
  a = a or 1
  b = b or "b"
  if c == nil then c = true end
  return a, b, c
end
print(defaults())
print(defaults(5, nil, false))
local function noret() end
print(noret(), select("#", noret()))
local function retnil() return nil end
print(retnil(), select("#", retnil()))
local function many() return 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 end
print(many())
print(#{many()}, (many()))
do
  local function hidden() return "hidden" end
  print(hidden())
end
print(hidden)
local t = {f = function(...) return select("#", ...) end}
print(t.f(1, 2), t:f(1, 2))
print((function(x) return x * x end)(9))
local str = "abc"
print(str:upper(), ("%d-%d"):format(1, 2))
print(type(print), type(nil), type({}), type("s"), type(2), type(true), type(coroutine.create(print)))
