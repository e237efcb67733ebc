#!/usr/bin/env python3
"""Requests over every kind of answer the server gives, for scripts/link/hot-code to record.

    workload.py PORT ROUNDS

Each round signs a user up and goes through trips, places, statistics, sessions, conditional
requests, the service routes, the web companion and the usual refusals, on one connection
as a client app would. Sixteen clients, as many connections as the benchmarks open, run
ROUNDS rounds each at once, so that the code which only runs with requests in flight on
several connections is recorded too.
"""
import base64
import http.client
import json
import sys
import threading

TRIP = {"name": "Benchmark trip", "completed": False, "waypoints": [
    {"name": "Golden Gate Bridge", "latitude": 37.8199, "longitude": -122.4783},
    {"name": "Alcatraz Island", "latitude": 37.8267, "longitude": -122.423},
    {"name": "Coit Tower", "latitude": 37.8024, "longitude": -122.4058},
]}


def client(port, name, rounds):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(method, path, body=None, authorization=None, headers=None, raw=None):
        all_headers = dict(headers or {})
        if authorization:
            all_headers["Authorization"] = authorization
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        if data is not None:
            all_headers.setdefault("Content-Type", "application/json")
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        payload = response.read()
        return response.status, response.headers, (json.loads(payload) if payload[:1] in (b"{", b"[") else None)

    for round_ in range(rounds):
        username, password = f"workload-{name}-{round_}", "correct horse battery staple"
        basic = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        call("POST", "/users", {"username": username, "password": password})
        call("GET", "/users", authorization=basic)
        _, _, session = call("POST", "/sessions", {"device": "workload"}, authorization=basic)
        bearer = f"Bearer {session['token']}"
        ids = []
        for i in range(20):
            _, _, trip = call("POST", "/trips", dict(TRIP, name=f"Trip {i}"), authorization=basic if i % 2 else bearer)
            ids.append(trip["_id"])
        for authorization in (basic, bearer):
            _, headers, _ = call("GET", f"/trips/{ids[0]}", authorization=authorization)
            call("GET", f"/trips/{ids[0]}", authorization=authorization, headers={"If-None-Match": headers["ETag"]})
            _, _, page = call("GET", "/trips?limit=5", authorization=authorization)
            call("GET", f"/trips?limit=5&cursor={page['next']}", authorization=authorization)
            call("GET", "/trips?completed=false&place=Coit%20Tower", authorization=authorization)
            call("GET", "/trips/stats", authorization=authorization)
            call("GET", "/places", authorization=authorization)
        _, headers, _ = call("PATCH", f"/trips/{ids[1]}", {"completed": True}, authorization=basic)
        call("PUT", f"/trips/{ids[1]}", TRIP, authorization=basic, headers={"If-Match": headers["ETag"]})
        call("PATCH", f"/trips/{ids[1]}", {"name": "x"}, authorization=basic, headers={"If-Match": '"stale"'})
        call("DELETE", f"/trips/{ids[2]}", authorization=bearer)
        call("GET", f"/trips/{ids[2]}", authorization=bearer)
        call("GET", "/trips/not-an-id", authorization=bearer)
        call("POST", "/trips", {"name": "", "waypoints": [{"latitude": 91}]}, authorization=bearer)
        call("POST", "/trips", raw="{not json", authorization=bearer)
        call("POST", "/trips", raw="{}", authorization=bearer, headers={"Content-Type": "text/plain"})
        call("GET", "/trips", authorization="Basic " + base64.b64encode(f"{username}:wrong".encode()).decode())
        call("GET", "/trips", authorization="Bearer not-a-token")
        call("GET", "/trips")
        call("PUT", "/trips", TRIP, authorization=basic)
        call("GET", "/nowhere")
        call("GET", "/sessions", authorization=bearer)
        call("GET", "/health")
        call("GET", "/metrics")
        call("GET", "/")
        call("GET", "/app/")
        call("GET", "/app/icon.svg")
        call("PATCH", "/users", {"password": password}, authorization=basic)
        call("DELETE", "/sessions/current", authorization=bearer)
        call("DELETE", "/sessions", authorization=basic)
        call("DELETE", "/users", authorization=basic)


def main(port, rounds):
    clients = [threading.Thread(target=client, args=(port, name, rounds)) for name in range(16)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
