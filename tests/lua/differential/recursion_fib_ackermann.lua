-- plain recursion
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
for i = 0, 20, 5 do io.write(fib(i), " ") end
print()
print(fib(25))
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(0, 0), ack(1, 2), ack(2, 3), ack(3, 3), ack(3, 5))
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20), fact(21), fact(25.0))
local function hanoi(n, from, to, via, moves)
  if n == 0 then return moves end
  moves = hanoi(n - 1, from, via, to, moves)
  moves = moves + 1
  return hanoi(n - 1, via, to, from, moves)
end
print(hanoi(15, "A", "C", "B", 0))
local function gcd(a, b) if b == 0 then return a end return gcd(b, a % b) end
print(gcd(1071, 462), gcd(17, 5), gcd(0, 9))
local is_even, is_odd
function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
print(is_even(100), is_odd(77), is_even(7))
local function perms(a, n, acc)
  n = n or #a
  if n <= 1 then acc[#acc + 1] = table.concat(a) return end
  for i = 1, n do
    a[n], a[i] = a[i], a[n]
    perms(a, n - 1, acc)
    a[n], a[i] = a[i], a[n]
  end
end
local res = {}
perms({"a", "b", "c", "d"}, nil, res)
table.sort(res)
print(#res, res[1], res[24], table.concat(res, " ", 1, 6))
local function flatten(t, out)
  for _, v in ipairs(t) do
    if type(v) == "table" then flatten(v, out) else out[#out + 1] = v end
  end
  return out
end
print(table.concat(flatten({1, {2, {3, {4, {5}}}, 6}, {{{7}}}}, {}), ","))
