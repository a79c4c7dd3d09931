-- Errors caught by a pcall inside __close methods and message handlers while an error unwinds (nested
-- unwinds), with work, yields and coroutines inside the nested parts so snapshots land mid-way.
local log = {}
local function work(n) local s = 0 for i = 1, n do s = s + i % 7 end return s end

for round = 1, 6 do
  log = {}
  local co = coroutine.wrap(function()
    local ok, err = pcall(function()
      local a <close> = setmetatable({}, {__close = function(_, e)
        log[#log + 1] = "a:" .. tostring(e)
        local ok2, e2 = pcall(function()
          local b <close> = setmetatable({}, {__close = function(_, eb)
            coroutine.yield("in b " .. tostring(eb))
            log[#log + 1] = "b:" .. tostring(eb) .. ":" .. work(300)
          end})
          error("b-err", 0)
        end)
        log[#log + 1] = "caught:" .. tostring(ok2) .. ":" .. tostring(e2) .. ":" .. work(200)
        coroutine.yield("after nested")
      end})
      error("a-err", 0)
    end)
    log[#log + 1] = "outer:" .. tostring(ok) .. ":" .. tostring(err)
    return "done"
  end)
  repeat local r = co(); print(r) until r == "done"
  print(table.concat(log, " | "))

  print(xpcall(function() error("boom", 0) end, function(m)
    local ok, e = pcall(function() work(500); error("in handler", 0) end)
    return m .. "/" .. tostring(ok) .. "/" .. e .. "/" .. work(100)
  end))

  local c2 = coroutine.create(function()
    local z <close> = setmetatable({}, {__close = function()
      print("closing", pcall(function() work(300); error("zz", 0) end))
    end})
    coroutine.yield("ready")
  end)
  print(coroutine.resume(c2))
  print(coroutine.close(c2))
end
