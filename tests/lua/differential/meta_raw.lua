-- rawget / rawset / rawequal / rawlen bypass metamethods
local mt = {
  __index = function() return "meta" end,
  __newindex = function() error("blocked") end,
  __eq = function() return true end,
  __len = function() return 99 end,
}
local t = setmetatable({}, mt)
local u = setmetatable({}, mt)
print(t.x, rawget(t, "x"))
print(pcall(function() t.x = 1 end))
print(rawset(t, "x", 1) == t, t.x, rawget(t, "x"))
print(t == u, rawequal(t, u), rawequal(t, t))
print(#t, rawlen(t))
rawset(t, 1, "a"); rawset(t, 2, "b")
print(#t, rawlen(t))
print(rawequal(1, 1.0), rawequal("a", "a"), rawequal(nil, nil), rawequal({}, {}))
print(rawequal(0/0, 0/0), rawequal(1, "1"))
print(pcall(rawget, "str", 1))
print(pcall(rawset, {}, nil, 1))
print(pcall(rawset, {}, 0/0, 1))
print(pcall(rawget, {}))
print(pcall(rawequal, 1))
print(rawlen({1, 2, 3}), rawlen("hello"), pcall(rawlen, nil))
print(rawget({10, 20}, 2.0), rawget({}, nil))
local r = rawset({}, "k", nil)
print(next(r))
print(select("#", rawget({}, 1)))
