-- GET /trips/{id} over random ids of the seeded trips. Argument: the ids file.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local ids

function init(args)
   ids = load_ids(args[1])
end

function request()
   return wrk.format("GET", "/trips/" .. random_element(ids))
end
