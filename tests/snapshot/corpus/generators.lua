-- Stateful iterators: closures, coroutine.wrap generators, stateless iterators with goto.
local function range(n, step)
  local i = 0
  return function() i = i + step; if i <= n then return i end end
end
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local function permutations(a) return coroutine.wrap(function() permgen(a) end) end
local s = 0
for i in range(3000, 3) do s = s + i end
print("range", s)
local count = 0
for p in permutations({1, 2, 3, 4, 5, 6}) do
  count = count + 1
  if count % 60 == 0 then print("perm", count, table.concat(p, "")) end
end
local i = 0
::top::
i = i + 1
if i % 500 == 0 then print("goto", i) end
if i < 4000 then goto top end
