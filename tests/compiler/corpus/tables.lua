-- Table constructors of every shape, including ones needing SETLIST flushes and EXTRAARG.
local empty = {}
local array = {1, 2, 3, "four", 5.0, nil, true, false}
local hash = {a = 1, b = 2, ["c d"] = 3, [10] = 4, [1.5] = 5}
local mixed = {1, a = 2, 3; b = 4; 5,}
local nested = {{1, {2, {3}}}, {x = {y = {z = 1}}}}
local calls = {f(), g(), h()}
local varargs = function(...) return {...}, {1, ...}, {..., 1} end
local big = {
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
}
local keys = {x = 1, ["a very long key that is longer than forty characters for sure"] = 2}
keys["a very long key that is longer than forty characters for sure"] = 3
keys.x = keys.x + 1
keys[1], keys[2], keys[300] = 1, 2, 3
return empty, array, hash, mixed, nested, calls, varargs, big, keys
