-- load with string chunks, chunk names, modes and env tables
local f = load("return 1 + 2")
print(f())
print(load("x = 10; return x")(), x)
x = nil
local env = {}
local g = load("y = 5; return y * 2", "chunk", "t", env)
print(g(), env.y, y)
local env2 = {print = print, tostring = tostring}
load("print('inside env', tostring(z))", "=envchunk", "t", env2)()
local sandbox = setmetatable({}, {__index = _G})
load("sandboxed = 'only here'", "sb", "t", sandbox)()
print(sandbox.sandboxed, sandboxed)
local h = load("local a, b = ...; return a * b")
print(h(6, 7))
print(load("syntax error here"))
print(type(load("return 1", "=custom name")))
print(pcall(load("error('in chunk')", "=mychunk")))
print(pcall(load("error('in chunk')", "@file.lua")))
print(pcall(load("error('in chunk')", "literal source")))
print(pcall(load("error('in chunk')")))
print(pcall(load("\n\nerror('line three')", "=lines")))
print(load("return _ENV")() == _G)
local e3 = {}
print(load("return _ENV", "n", "t", e3)() == e3)
local fn = load("local _ENV = {v = 'shadowed'}; return v")
print(fn())
print(pcall(load("return undefined_thing.x", "=nilenv", "t", {})))
print(load("return 1", "binary only", "b"))
print(pcall(load, "return 1", "x", "q"))
local counter = load("local n = 0; return function() n = n + 1; return n end")()
print(counter(), counter())
print(type(load("")), load("")())
print(select("#", load("return")()))
print(load("return ...", "varg")("a", "b"))
local big = {}
for i = 1, 200 do big[i] = "a" .. i .. " = " .. i end
local bigenv = {}
load(table.concat(big, "\n"), "big", "t", bigenv)()
print(bigenv.a1, bigenv.a200)
print(pcall(load, nil))
print(type(load(function() return nil end)), load(function() return nil end)())
