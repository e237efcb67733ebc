-- POST /trips with five waypoints.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

wrk.method = "POST"
wrk.path = "/trips"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"name": "bench post", "completed": false, "waypoints": [
  {"name": "Stop 0", "latitude": 37.70, "longitude": -122.40},
  {"name": "Stop 1", "latitude": 37.71, "longitude": -122.41},
  {"name": "Stop 2", "latitude": 37.72, "longitude": -122.42},
  {"name": "Stop 3", "latitude": 37.73, "longitude": -122.43},
  {"name": "Stop 4", "latitude": 37.74, "longitude": -122.44}]}]]
