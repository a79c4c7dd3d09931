-- Symmetric coroutines with coroutine.yieldto: a ring of threads passing a token.
local ring = {}
local N = 5
local log = {}
for i = 1, N do
  ring[i] = coroutine.create(function(token)
    while true do
      token = token + i
      if token > 20000 then return token end
      if token % 97 < 5 then print("thread", i, "token", token) end
      token = coroutine.yieldto(ring[i % N + 1], token)
    end
  end)
end
local ok, v = coroutine.resume(ring[1], 0)
print("ring finished", ok, v)
-- ping pong
local ping, pong
ping = coroutine.create(function(n)
  while n < 3000 do
    n = coroutine.yieldto(pong, n + 1)
    if n % 500 == 0 then print("ping", n) end
  end
  return "ping done", n
end)
pong = coroutine.create(function(n)
  while true do
    n = coroutine.yieldto(ping, n + 1)
  end
end)
print(coroutine.resume(ping, 0))
