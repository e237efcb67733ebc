-- PATCH /trips/{id} renaming a random seeded trip. Argument: the ids file.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local ids
local headers = {["Content-Type"] = "application/json"}

function init(args)
   ids = load_ids(args[1])
   for name, value in pairs(wrk.headers) do headers[name] = value end
end

function request()
   return wrk.format("PATCH", "/trips/" .. random_element(ids), headers, '{"name": "bench patch"}')
end
