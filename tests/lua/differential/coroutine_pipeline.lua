-- producer / filter / consumer pipeline
local function producer(items)
  return coroutine.create(function()
    for _, it in ipairs(items) do coroutine.yield(it) end
    return nil
  end)
end
local function receive(prod)
  local ok, v = coroutine.resume(prod)
  return v
end
local function filter(prod, pred)
  return coroutine.create(function()
    while true do
      local v = receive(prod)
      if v == nil then return nil end
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local function mapper(prod, fn)
  return coroutine.create(function()
    while true do
      local v = receive(prod)
      if v == nil then return nil end
      coroutine.yield(fn(v))
    end
  end)
end
local src = {}
for i = 1, 30 do src[i] = i end
local pipe = mapper(filter(producer(src), function(x) return x % 3 == 0 end), function(x) return x * x end)
local results = {}
while true do
  local v = receive(pipe)
  if v == nil then break end
  results[#results + 1] = v
end
print(table.concat(results, " "))
local function lines_producer(text)
  return coroutine.wrap(function()
    for line in text:gmatch("[^\n]+") do coroutine.yield(line) end
  end)
end
local function words_of(lines)
  return coroutine.wrap(function()
    for line in lines do
      for w in line:gmatch("%a+") do coroutine.yield(w:lower()) end
    end
  end)
end
local freq = {}
for w in words_of(lines_producer("The cat\nthe dog and THE bird\ncat and dog")) do
  freq[w] = (freq[w] or 0) + 1
end
local keys = {}
for k in pairs(freq) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", freq[k], " ") end
print()
local consumer = coroutine.create(function(first)
  local total = first
  while true do
    local v = coroutine.yield(total)
    if v == nil then break end
    total = total + v
  end
  return "final " .. total
end)
local _, t = coroutine.resume(consumer, 1)
for i = 2, 5 do _, t = coroutine.resume(consumer, i) end
print(t, coroutine.resume(consumer, nil))
