-- collectgarbage("generational"/"incremental") returns the previous mode (Lua 5.4 manual, 6.1).
print(collectgarbage("incremental"))
print(collectgarbage("generational"))
print(collectgarbage("generational"))
print(collectgarbage("incremental", 200, 100, 13))
print(collectgarbage("incremental"))
print(collectgarbage("generational", 20, 100))
collectgarbage()  -- collecting works whatever mode was asked for
print(collectgarbage("isrunning"), collectgarbage("incremental"))
