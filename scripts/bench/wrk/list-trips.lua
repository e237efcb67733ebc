-- GET /trips?limit=20: the first page of the caller's trips, newest first.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

wrk.path = "/trips?limit=20"
